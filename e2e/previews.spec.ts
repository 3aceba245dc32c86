import { expect, test, type Page } from "@playwright/test";

// An article whose prose links to other articles (the first such link is the one hovered).
const ARTICLE = "/wiki/coercive-control";
const proseLink = (page: Page) => page.locator('.lead a[href^="/wiki/"], .article-body a[href^="/wiki/"], .faqs a[href^="/wiki/"]').first();

async function target(page: Page) {
  const link = proseLink(page);
  const slug = /^\/wiki\/([a-z0-9-]+)/.exec((await link.getAttribute("href")) ?? "")?.[1];
  expect(slug, "the article links to another article in its prose").toBeTruthy();
  const response = await page.request.get(`/api/preview/${slug}`);
  expect(response.status()).toBe(200);
  const preview = (await response.json()) as { title: string; summary: string };
  return { link, preview };
}

test("the preview endpoint answers JSON, cacheable, and a plain 404 for an unknown article", async ({ request }) => {
  const ok = await request.get("/api/preview/gaslighting");
  expect(ok.status()).toBe(200);
  expect(ok.headers()["cache-control"]).toContain("public");
  const body = await ok.json();
  expect(body).toMatchObject({ slug: "gaslighting", title: "Gaslighting", url: "/wiki/gaslighting" });
  expect(body.evidence).toMatchObject({ level: expect.any(String), label: expect.any(String), line: expect.any(String) });
  const missing = await request.get("/api/preview/no-such-article");
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toEqual({ error: "There is no article at that address." });
});

test("a reader hovers an internal link and sees its preview, which stays while the pointer moves onto it", async ({ page }) => {
  await page.goto(ARTICLE);
  const { link, preview } = await target(page);
  await link.hover();
  const card = page.locator("#link-preview");
  await expect(card).toBeVisible();
  await expect(card).toContainText(preview.title);
  await expect(card).toContainText(preview.summary);
  await expect(link).toHaveAttribute("aria-describedby", "link-preview");
  // Within the viewport.
  const box = (await card.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  await card.hover();
  await page.waitForTimeout(500);
  await expect(card).toBeVisible();
  await expect(card.getByRole("link", { name: "Open article" })).toBeVisible();
  await page.mouse.move(1, 1);
  await expect(card).toBeHidden();
  await expect(link).not.toHaveAttribute("aria-describedby", "link-preview");
});

test("a keyboard reader tabs to the link and sees the preview; Escape dismisses it and the link keeps the focus", async ({ page }) => {
  await page.goto(ARTICLE);
  const { link, preview } = await target(page);
  const href = await link.getAttribute("href");
  let reached = false;
  for (let i = 0; i < 120 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(
      (h) => document.activeElement?.getAttribute("href") === h && !!document.activeElement?.closest(".lead, .article-body, .faqs"),
      href,
    );
  }
  expect(reached, "Tab reaches the link").toBe(true);
  const card = page.locator("#link-preview");
  await expect(card).toBeVisible();
  await expect(card).toContainText(preview.title);
  await page.keyboard.press("Escape");
  await expect(card).toBeHidden();
  await expect(link).toBeFocused();
  // A link further down, scrolled into view as it takes the focus, gets its card too.
  const last = page.locator('.lead a[href^="/wiki/"], .article-body a[href^="/wiki/"], .faqs a[href^="/wiki/"]').last();
  await last.focus();
  await expect(card).toBeVisible();
  await expect(card).toBeInViewport();
});

test("a reader turns previews off, and they stay off after a reload", async ({ page }) => {
  await page.goto(ARTICLE);
  await page.getByRole("button", { name: "Turn link previews off" }).click();
  await expect(page.getByRole("button", { name: "Turn link previews on" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Turn link previews on" })).toBeVisible();
  await proseLink(page).hover();
  await page.waitForTimeout(900);
  await expect(page.locator("#link-preview")).toHaveCount(0);
  // And on again.
  await page.getByRole("button", { name: "Turn link previews on" }).click();
  await proseLink(page).hover();
  await expect(page.locator("#link-preview")).toBeVisible();
});

test("no previews for a reader who asks for reduced motion", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.goto(ARTICLE);
  await expect(page.getByRole("button", { name: /Turn link previews/ })).toBeHidden();
  await proseLink(page).hover();
  await page.waitForTimeout(900);
  await expect(page.locator("#link-preview")).toHaveCount(0);
});

test("the evidence line sits under the lead and links to the legend; listings show the badge", async ({ page }) => {
  await page.goto("/wiki/attachment-styles");
  const line = page.locator(".lead + .evidence-line");
  await expect(line).toBeVisible();
  await expect(line.locator(".evidence-badge")).toHaveText(/Evidence: (Well researched|Some research|Little research|Not yet graded|Not yet sourced)/);
  await line.getByRole("link", { name: "How we grade evidence" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "How we grade evidence" })).toBeVisible();
  await expect(page.getByText("“Not yet graded” is not “weak”")).toBeVisible();
  await page.goto("/browse/a");
  await expect(page.locator(".browse-list .evidence-badge").first()).toBeVisible();
  await page.goto("/search?q=jealousy");
  await expect(page.locator(".search-results .evidence-badge").first()).toBeVisible();
});
