import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { userPage } from "./support/auth";

// The e2e server runs `next start` in this folder, so its ISR pages land here.
const ROUTE_CACHE = path.resolve(".next/server/route-cache");

function countCachedFiles(): number {
  if (!existsSync(ROUTE_CACHE)) return 0;
  return readdirSync(ROUTE_CACHE, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/** The article image's last path segment (Next adds a build hash to `opengraph-image`). */
async function ogImageSegment(request: APIRequestContext): Promise<string> {
  const html = await (await request.get("/wiki/jealousy")).text();
  const content = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1];
  expect(content, "the article page names its image").toBeTruthy();
  return new URL(content!).pathname.split("/").pop()!;
}

/** Soft, so that a test of several URLs names every one that fails. */
async function expectRefused(response: APIResponse, url: string) {
  expect.soft(response.status(), `${url} answers a 4xx, not ${response.status()}`).toBeGreaterThanOrEqual(400);
  expect.soft(response.status(), `${url} answers a 4xx, not ${response.status()}`).toBeLessThan(500);
  const type = response.headers()["content-type"] ?? "";
  const body = await response.text();
  if (type.includes("text/html")) expect.soft(body, `${url} says so in words`).toMatch(/Page not found|not valid/);
  else if (type.includes("json")) expect.soft(JSON.parse(body).error, `${url} says so in words`).toMatch(/\w+ \w+/);
}

// Invalid UTF-8: Next 16.4 fails to decode these itself, before any route code runs, and answers a bare 500; the
// request hook in lib/startup.ts answers them first with a 400 in words.
const undecodable = ["/wiki/%E0%A4%A", "/wiki/%C0%AF", "/wiki/%FF", "/category/%FF", "/newsletter/archive/%FF"];

const publicUrls = [
  "/wiki/%25",
  "/wiki/a%00b",
  "/wiki/..%2F..%2Fetc",
  "/wiki/%2525",
  "/wiki/a%0Ab",
  `/wiki/${"a".repeat(300)}`,
  "/category/%25",
  "/category/%00",
  "/category/a%00b",
  "/category/%20",
  "/newsletter/archive/%25",
  "/newsletter/archive/a%00b",
  "/browse/%25",
  "/browse/%00",
  "/browse/a/0",
  "/browse/a/1",
  "/browse/a/999999",
  "/browse/a/%25",
  "/browse/q/2",
  "/category/Attachment/0",
  "/category/Attachment/99999",
  "/sitemaps/0.xml",
  "/sitemaps/999.xml",
  "/sitemaps/%00.xml",
  "/home/%25",
  "/home/anything",
  "/wiki/x/revisions/%25",
  "/wiki/jealousy/revisions/%00",
  "/wiki/jealousy/revisions/0",
  "/wiki/jealousy/revisions/99999999999",
  "/wiki/%25/revisions/1",
  "/wiki/a%00b/revisions/1",
  "/wiki/%25/history",
  "/wiki/a%00b/history",
  "/donate/manage/%25",
  "/donate/manage/a%00b",
];

test.describe("hostile URLs get a 4xx in plain words", () => {
  for (const url of publicUrls) {
    test(`anonymous ${url}`, async ({ request }) => {
      await expectRefused(await request.get(url, { maxRedirects: 0 }), url);
    });
  }

  for (const url of undecodable) {
    test(`anonymous ${url} (undecodable)`, async ({ request }) => {
      await expectRefused(await request.get(url, { maxRedirects: 0 }), url);
    });
  }

  test("the article image of a bad or missing slug", async ({ request }) => {
    const og = await ogImageSegment(request);
    for (const slug of ["%25", "a%00b", "..%2F..%2Fetc", "no-such-article-here"]) {
      const url = `/wiki/${slug}/${og}`;
      const response = await request.get(url, { maxRedirects: 0 });
      expect.soft(response.status(), `${url} answers 404, not ${response.status()}`).toBe(404);
    }
  });

  test("signed in, the private routes with a segment refuse bad ones too", async ({ browser }) => {
    const page = await userPage(browser, "admin@attune.test", "Hostile URL Admin");
    const urls = [
      "/wiki/%25/edit",
      "/wiki/a%00b/edit",
      "/wiki/a%00b/history",
      "/moderation/%25",
      "/moderation/a%00b",
      "/moderation/99999999999",
      "/me/proposals/%25",
      "/me/proposals/99999999999",
      "/admin/newsletter/%25",
      "/admin/newsletter/99999999999",
      "/api/admin/newsletter/%25/progress",
      "/api/admin/newsletter/99999999999/progress",
    ];
    for (const url of urls) await expectRefused(await page.request.get(url, { maxRedirects: 0 }), url);
    // Revision numbers out of range in the query string just mean no comparison.
    const history = await page.request.get("/wiki/jealousy/history?from=99999999999&to=1");
    expect(history.status()).toBe(200);
    expect(await history.text()).toContain("Choose two revisions to compare them");
    await page.context().close();
  });

  test("aliases still redirect; upper case, encoded letters and categories with spaces still work", async ({ request }) => {
    const alias = await request.get("/wiki/push-pull-dynamic", { maxRedirects: 0 });
    expect(alias.status()).toBe(308);
    expect(alias.headers()["location"]).toMatch(/\/wiki\/anxious-avoidant-relationship$/);
    for (const url of ["/wiki/Jealousy", "/wiki/%6Aealousy"]) {
      const response = await request.get(url);
      expect(response.status(), url).toBe(200);
      expect(await response.text(), url).toMatch(/<link rel="canonical" href="[^"]*\/wiki\/jealousy"/);
    }
    const category = await request.get("/category/Attachment%20Style");
    expect(category.status()).toBe(200);
    expect(await category.text()).toContain("Category: Attachment Style");
  });
});

test("missing articles and their images are not stored on disk one per slug", async ({ request }) => {
  // Next 16.4 stores every ISR render, 404s included, and a route cannot opt one render out (connection() there is a
  // 500: "static to dynamic at runtime"), so next.config.ts keeps rendered pages in memory only (isrFlushToDisk: false),
  // in Next's bounded LRU (cacheMaxMemorySize).
  const og = await ogImageSegment(request);
  // One miss first, so that anything stored once for all misses (the not-found page) is there before counting.
  await request.get(`/wiki/warm-up-${randomUUID()}`);
  await request.get(`/wiki/warm-up-${randomUUID()}/${og}`);
  await new Promise((r) => setTimeout(r, 1000));
  const before = countCachedFiles();

  const statuses: string[] = [];
  for (let i = 0; i < 30; i++) {
    const slug = `no-such-article-${randomUUID().slice(0, 8)}`;
    const page = await request.get(`/wiki/${slug}`);
    statuses.push(`${page.status()} ${(await page.text()).includes("Page not found") ? "not-found page" : "other page"}`);
    const image = await request.get(`/wiki/${slug}/${og}`);
    statuses.push(`${image.status()} image`);
  }
  for (const url of ["/category/No%20Such%20Category", "/newsletter/archive/no-such-issue", "/home/no-such-edition", "/wiki/jealousy/revisions/999999"]) {
    statuses.push(`${(await request.get(url)).status()} ${url}`);
  }
  // Next writes its cache after answering: give it time to show up.
  await new Promise((r) => setTimeout(r, 1500));
  expect(countCachedFiles() - before, "files added to the route cache").toBeLessThanOrEqual(3);
  expect(new Set(statuses)).toEqual(
    new Set([
      "404 not-found page",
      "404 image",
      "404 /category/No%20Such%20Category",
      "404 /newsletter/archive/no-such-issue",
      "404 /home/no-such-edition",
      "404 /wiki/jealousy/revisions/999999",
    ]),
  );
});

test("an existing article and its image are rendered once, then served from the cache", async ({ request }) => {
  const og = await ogImageSegment(request);
  const sitemap = await (await request.get("/sitemaps/1.xml")).text();
  const slug = [...sitemap.matchAll(/\/wiki\/([a-z0-9-]+)</g)].map((m) => m[1]).at(-1);
  expect(slug, "an article in the sitemap").toBeTruthy();
  expect((await request.get(`/wiki/${slug}`)).status()).toBe(200);
  await expect.poll(async () => (await request.get(`/wiki/${slug}`)).headers()["x-nextjs-cache"]).toBe("HIT");
  const image = await request.get(`/wiki/${slug}/${og}`);
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toBe("image/png");
});
