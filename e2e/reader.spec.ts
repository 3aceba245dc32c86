import { expect, test } from "@playwright/test";

test("home → letter → article → related article", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Browse articles A to Z" }).getByRole("link", { name: "J", exact: true }).click();
  await expect(page).toHaveURL(/\/browse\/j$/);
  await expect(page.getByRole("heading", { level: 1, name: "Articles under J" })).toBeVisible();
  await page.getByRole("link", { name: "Jealousy", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Jealousy" })).toBeVisible();
  const related = page.getByRole("region", { name: "Related articles" }).getByRole("link").first();
  const title = (await related.textContent())!.trim();
  await related.click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
});

test("a letter page and a category page say how many articles they hold, and list that many", async ({ page }) => {
  // The counts are kept at publication (article_counts); the seed's letters and categories each fit on one page.
  for (const path of ["/browse/a", "/category/Attachment%20Style"]) {
    await page.goto(path);
    const cards = await page.locator(".browse-list > li").count();
    expect(cards).toBeGreaterThan(0);
    await expect(page.getByText(new RegExp(`^${cards} articles?\\.$`))).toBeVisible();
  }
});

test("a letter without articles is shown but disabled", async ({ page }) => {
  await page.goto("/browse/q");
  await expect(page.getByText(/no articles under Q yet/)).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Letters" }).locator('[aria-disabled="true"]', { hasText: "Q" })).toBeVisible();
});

test("searching an alias finds its article first", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search the encyclopedia" }).fill("push pull");
  await page.getByRole("searchbox", { name: "Search the encyclopedia" }).press("Enter");
  await expect(page).toHaveURL(/\/search\?q=push\+pull/);
  const first = page.locator(".search-results > li").first();
  await expect(first.getByRole("link")).toHaveText("Anxious-Avoidant Relationship");
  await first.getByRole("link").click();
  await expect(page).toHaveURL(/\/wiki\/anxious-avoidant-relationship$/);
});

test("a broad search comes in pages, each result once", async ({ page }) => {
  await page.goto("/search?q=relationship");
  await expect(page.getByRole("status")).toHaveText(/results for “relationship”, 1–20 shown\./);
  const firstPage = await page.locator(".search-results > li h2").allTextContents();
  expect(firstPage).toHaveLength(20);
  const pager = page.getByRole("navigation", { name: "Pages of results" });
  await expect(pager).toContainText("Page 1 of");
  await pager.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/\/search\?q=relationship&page=2$/);
  await expect(page.locator(".search-results")).toHaveAttribute("start", "21");
  const secondPage = await page.locator(".search-results > li h2").allTextContents();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((t) => firstPage.includes(t))).toEqual([]);
  await page.getByRole("navigation", { name: "Pages of results" }).getByRole("link", { name: "← Previous" }).click();
  await expect(page).toHaveURL(/\/search\?q=relationship$/);
});

test("junk searches get a clear, safe answer", async ({ page }) => {
  await page.goto("/search?q=%3F%21%3F%21");
  await expect(page.getByRole("status")).toHaveText(/punctuation alone/);
  await page.goto(`/search?q=${"a".repeat(300)}`);
  await expect(page.getByRole("status")).toHaveText(/too long/);
  await page.goto("/search?q=%27%3B%20drop%20table%20articles%3B%20--");
  await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
});

test("a second request for an article is served from cache and sets no cookie", async ({ request }) => {
  await request.get("/wiki/limerence");
  const second = await request.get("/wiki/limerence");
  expect(second.status()).toBe(200);
  expect(second.headers()["x-nextjs-cache"]).toBe("HIT");
  expect(second.headers()["set-cookie"]).toBeUndefined();
});

test("/random leads to an article", async ({ page }) => {
  await page.goto("/random");
  await expect(page).toHaveURL(/\/wiki\/[a-z0-9-]+$/);
  await expect(page.getByRole("navigation", { name: "In this article" })).toBeVisible();
});

// The sitemap is an index of child sitemaps (each within the protocol's 50,000 addresses); the feed lists the latest.
for (const path of ["/sitemap.xml", "/feed.xml"]) {
  test(`${path} is valid XML listing every article`, async ({ page, request }) => {
    await page.goto("/browse/a");
    const parse = async (url: string) => {
      const response = await request.get(url);
      expect(response.status(), url).toBe(200);
      return page.evaluate(
        (text) => {
          const doc = new DOMParser().parseFromString(text, "application/xml");
          return {
            error: doc.getElementsByTagName("parsererror").length > 0,
            children: [...doc.querySelectorAll("sitemapindex > sitemap > loc")].map((n) => n.textContent ?? ""),
            links: [...doc.querySelectorAll("url > loc, item > link")].map((n) => n.textContent ?? ""),
          };
        },
        await response.text(),
      );
    };
    const top = await parse(path);
    expect(top.error).toBe(false);
    let links = top.links;
    if (path === "/sitemap.xml") {
      expect(top.children.length).toBeGreaterThanOrEqual(1);
      for (const child of top.children) {
        const parsed = await parse(new URL(child).pathname);
        expect(parsed.error, child).toBe(false);
        links = links.concat(parsed.links);
      }
    }
    const slugs = links.filter((l) => l.includes("/wiki/")).map((l) => l.split("/wiki/")[1]);
    expect(slugs.length).toBeGreaterThanOrEqual(30);
    expect(slugs).toContain("jealousy");
    expect(slugs).toContain("anxious-avoidant-relationship");
  });
}
