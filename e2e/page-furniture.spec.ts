import { expect, test } from "@playwright/test";
import { userPage } from "./support/auth";

// Issue 14: one of each piece of furniture per page, a compact phone header, and the small finish.

test("the home page has one search box and one A–Z bar", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("search")).toHaveCount(1);
  await expect(page.getByRole("searchbox")).toHaveCount(1);
  await expect(page.getByRole("combobox", { name: "Search Attune" })).toBeHidden(); // the header's box, hidden on the home page
  await expect(page.getByRole("searchbox", { name: "Search the encyclopedia" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: /A to Z|letter/i })).toHaveCount(1);
  // Elsewhere the header keeps its own search box.
  await page.goto("/wiki/jealousy");
  await expect(page.getByRole("combobox", { name: "Search Attune" })).toBeVisible();
});

test("the header's A–Z bar links only letters that have articles, and greys the others as the letter pages do", async ({ page }) => {
  for (const path of ["/", "/wiki/jealousy", "/search?q=love"]) {
    await page.goto(path);
    const bar = page.getByRole("navigation", { name: "Browse articles A to Z" });
    await expect(bar.getByRole("link", { name: "J", exact: true })).toHaveAttribute("href", "/browse/j");
    // No seeded article starts with Q (e2e/reader.spec.ts checks the letter page says so).
    await expect(bar.getByRole("link", { name: "Q", exact: true })).toHaveCount(0);
    await expect(bar.locator('[aria-disabled="true"]', { hasText: "Q" })).toBeVisible();
  }
  await page.goto("/browse/q");
  const pageIndex = page.getByRole("navigation", { name: "Letters" });
  const header = page.getByRole("navigation", { name: "Browse articles A to Z" });
  const linked = async (nav: typeof header) => (await nav.getByRole("link").allTextContents()).map((t) => t.trim());
  expect(await linked(header)).toEqual(await linked(pageIndex));
});

test("one newsletter form per page on a phone; the article's own box beside the text on a wide screen", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/wiki/jealousy");
  await expect(page.locator(".newsletter-signup:visible")).toHaveCount(1);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.locator(".article-sidebar .newsletter-signup")).toBeVisible();
});

test("on a phone (320 × 640) the header is compact and the article starts in the first screen", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/wiki/anxious-avoidant-relationship");
  const header = await page.locator(".site-header").boundingBox();
  expect(header!.height).toBeLessThanOrEqual(150); // about 225 px before: three rows of letters
  const h1 = await page.getByRole("heading", { level: 1 }).boundingBox();
  expect(h1!.y + h1!.height).toBeLessThanOrEqual(640);
  const lead = await page.locator(".lead").boundingBox();
  expect(lead!.y).toBeLessThan(640);
  // The A–Z bar is one row that scrolls sideways, not three rows; every letter is still there.
  const bar = page.getByRole("navigation", { name: "Browse articles A to Z" });
  expect((await bar.boundingBox())!.height).toBeLessThanOrEqual(48);
  await expect(bar.locator("li")).toHaveCount(26);
  await expect(page.getByRole("combobox", { name: "Search Attune" })).toBeVisible();
  await expect(page.locator(".site-header").getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
});

test("heading anchors show on hover and focus only, and read as “Link to this section”", async ({ page }) => {
  await page.goto("/wiki/jealousy");
  const heading = page.locator(".article-body h2").first();
  const anchor = heading.locator(".heading-anchor");
  await expect(anchor).toHaveCSS("opacity", "0");
  await expect(anchor).toHaveAccessibleName("Link to this section");
  const text = (await heading.evaluate((h) => h.firstChild?.textContent ?? "")).trim();
  await expect(heading).toHaveAccessibleName(`${text} Link to this section`);
  await heading.hover();
  await expect(anchor).toHaveCSS("opacity", "1");
  await page.mouse.move(0, 0);
  await expect(anchor).toHaveCSS("opacity", "0");
  await anchor.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(anchor).toBeFocused();
  await expect(anchor).toHaveCSS("opacity", "1");
});

test("search snippets end on a word and do not repeat the lead", async ({ page }) => {
  await page.goto("/search?q=jealousy");
  const result = page.locator(".search-results > li").filter({ has: page.getByRole("link", { name: "Jealousy", exact: true }) });
  const snippet = result.locator(".snippet");
  await expect(snippet).toContainText(/\S(…|[.!?])$/);
  await expect(snippet).not.toContainText("emotional state triggered");
});

test("a missing article's 404 offers to search for it, and to propose it to signed-in people", async ({ page, browser }) => {
  const response = await page.goto("/wiki/slow-fade-theory");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("link", { name: "Search for “slow fade theory”" })).toHaveAttribute("href", "/search?q=slow%20fade%20theory");
  await expect(page.getByRole("link", { name: /Propose an article/ })).toHaveCount(0);
  // The page is the same for everyone: the offer to propose appears in the browser of someone signed in.
  const writer = await userPage(browser, "missing.page@example.org", "Missing Page");
  await writer.goto("/wiki/slow-fade-theory");
  const propose = writer.getByRole("link", { name: "Propose an article on “Slow fade theory”" });
  await expect(propose).toHaveAttribute("href", "/contribute/new?title=Slow%20fade%20theory");
  await propose.click();
  await expect(writer.getByRole("heading", { level: 1, name: "Propose a new article" })).toBeVisible();
  await expect(writer.getByLabel("Title", { exact: true })).toHaveValue("Slow fade theory");
  await writer.context().close();
});
