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

for (const path of ["/sitemap.xml", "/feed.xml"]) {
  test(`${path} is valid XML listing every article`, async ({ page, request }) => {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    const xml = await response.text();
    await page.goto("/browse/a");
    const result = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "application/xml");
      return {
        error: doc.getElementsByTagName("parsererror").length > 0,
        links: [...doc.querySelectorAll("loc, item > link")].map((n) => n.textContent ?? ""),
      };
    }, xml);
    expect(result.error).toBe(false);
    const slugs = result.links.filter((l) => l.includes("/wiki/")).map((l) => l.split("/wiki/")[1]);
    expect(slugs.length).toBeGreaterThanOrEqual(30);
    expect(slugs).toContain("jealousy");
    expect(slugs).toContain("anxious-avoidant-relationship");
  });
}
