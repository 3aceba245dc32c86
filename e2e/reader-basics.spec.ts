import { expect, test } from "@playwright/test";

test("home lists articles and leads to a rendered article", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Attune" })).toBeVisible();
  const latest = page.getByRole("region", { name: "Latest articles" });
  await expect(latest.getByRole("link").first()).toBeVisible();
  const first = latest.getByRole("link").first();
  const title = (await first.textContent())!.trim();
  await first.click();
  await expect(page).toHaveURL(/\/wiki\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "In this article" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "FAQs" })).toBeVisible();
  await expect(page.locator(".infobox dt").first()).toBeVisible();
  // the footer states the licence on every page
  await expect(page.getByText(/CC BY-SA 4\.0/)).toBeVisible();
});

test("an unknown slug gets a helpful 404 page", async ({ page }) => {
  const response = await page.goto("/wiki/no-such-article-here");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "Search the encyclopedia instead" })).toBeVisible();
});

test("an alias URL redirects permanently to the canonical article", async ({ request }) => {
  const response = await request.get("/wiki/push-pull-dynamic", { maxRedirects: 0 });
  expect(response.status()).toBe(308);
  expect(response.headers()["location"]).toMatch(/\/wiki\/anxious-avoidant-relationship$/);
});

test("health answers ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});
