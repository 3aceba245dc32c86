// The public read API as a browser and a client meet it: /developers renders (linked from the footer), the OpenAPI
// document is JSON, and an article comes back with CORS open and the edge's cache header.
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yIssues } from "./support/a11y";

test("the developers page lists the API and links its OpenAPI document", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Developers" }).click();
  await expect(page).toHaveURL(/\/developers$/);
  await expect(page.getByRole("heading", { level: 1, name: "Developers" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "/articles/{slug}" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Licence and attribution" })).toBeVisible();
  await expect(page.getByRole("link", { name: "an OpenAPI 3.1 document" })).toHaveAttribute("href", "/api/v1/openapi.json");
  await expectNoSeriousA11yIssues(page);
});

test("/api/v1/openapi.json is the OpenAPI 3.1 document, and an article is JSON open to any origin", async ({ request }) => {
  const doc = await request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect(doc.headers()["content-type"]).toMatch(/^application\/json/);
  const body = (await doc.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(body.openapi).toBe("3.1.0");
  expect(Object.keys(body.paths)).toContain("/articles/{slug}");

  const article = await request.get("/api/v1/articles/attachment-styles", { headers: { origin: "https://reuser.example" } });
  expect(article.status()).toBe(200);
  expect(article.headers()["access-control-allow-origin"]).toBe("*");
  expect(article.headers()["cache-control"]).toBe("public, max-age=0, s-maxage=1, stale-while-revalidate=1");
  expect(((await article.json()) as { slug: string }).slug).toBe("attachment-styles");
});
