// The public read API's contract (/api/v1): every endpoint's route handler is called with a Request, against a real
// database with the seeds, and each answer is validated against the OpenAPI document the API serves (ajv, JSON
// Schema 2020-12, the dialect of OpenAPI 3.1). Also: every documented path is exercised, keyset pages visit every
// article once, a bad cursor is a 400 in words, CORS is open for GET, and the N+1st request in a minute is a 429.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getArticleRoute, OPTIONS as articleOptions } from "@/app/api/v1/articles/[slug]/route";
import { GET as listArticlesRoute } from "@/app/api/v1/articles/route";
import { GET as listCategoryRoute } from "@/app/api/v1/categories/[name]/route";
import { GET as listCategoriesRoute } from "@/app/api/v1/categories/route";
import { GET as listChangesRoute } from "@/app/api/v1/changes/route";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import { GET as getRevisionRoute } from "@/app/api/v1/revisions/[id]/route";
import { GET as searchRoute } from "@/app/api/v1/search/route";
import { rowsOf } from "@/lib/db/client";
import { setDbHandle, type DbHandle } from "@/lib/db/client";
import { CLIENT_IP_HEADER } from "@/lib/client-address";
import { resetEnvCache } from "@/lib/env";
import { seedIfEmpty } from "@/lib/seed";
import { createTestDatabase } from "../support/db";

// Outside a Next server there is no incremental cache: run the cached functions' bodies directly (the database is real).
vi.mock("next/cache", () => ({ unstable_cache: <T>(fn: T) => fn, updateTag: () => {}, revalidateTag: () => {} }));

type Doc = { openapi: string; paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }> };

let handle: DbHandle;
let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
/** Which (path, status) pairs the tests saw validated. */
const seen = new Set<string>();

const BASE = "http://localhost:3000/api/v1";
let client = 0;
// Each test asks from its own address, so one test's requests never spend another's rate limit.
const request = (path: string, address = `198.51.100.${++client % 250}`) => new Request(`${BASE}${path}`, { headers: { [CLIENT_IP_HEADER]: address } });
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

/** The answer's JSON, checked against the served document's schema for that path and status. */
async function validated(docPath: string, response: Response): Promise<unknown> {
  const body: unknown = await response.json();
  const pointer = `openapi.json#/paths/${docPath.replaceAll("~", "~0").replaceAll("/", "~1")}/get/responses/${response.status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
  const ok = validate(body);
  expect(validate.errors ?? [], `${docPath} ${response.status}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
  expect(ok).toBe(true);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  seen.add(`${docPath} ${response.status}`);
  return body;
}

beforeAll(async () => {
  process.env.RATE_LIMIT_API_PER_MINUTE = "10000";
  resetEnvCache();
  handle = await createTestDatabase();
  setDbHandle(handle);
  await seedIfEmpty(handle.db);
  const served = openApiRoute();
  expect(served.status).toBe(200);
  doc = (await served.json()) as Doc;
  ajv.addSchema({ ...doc, $id: "openapi.json" });
}, 120_000);
afterAll(async () => {
  await handle?.close();
  delete process.env.RATE_LIMIT_API_PER_MINUTE;
  resetEnvCache();
});

describe("the served OpenAPI document", () => {
  it("is OpenAPI 3.1 and lists every endpoint", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(
      ["/articles", "/articles/{slug}", "/categories", "/categories/{name}", "/changes", "/revisions/{id}", "/search"].sort(),
    );
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(item.get.responses["200"]?.content?.["application/json"], path).toBeDefined();
      expect(item.get.responses["429"], path).toBeDefined();
    }
  });
});

describe("every endpoint answers as documented", () => {
  it("GET /articles/{slug}: source, HTML, metadata, evidence, revision, licence", async () => {
    const [row] = rowsOf<{ slug: string }>(await handle.db.execute(sql`select slug from articles order by id limit 1`));
    const response = await getArticleRoute(request(`/articles/${row.slug}`), params({ slug: row.slug }));
    expect(response.status).toBe(200);
    const article = (await validated("/articles/{slug}", response)) as {
      slug: string;
      source: string;
      html: { body: string };
      revisionId: number;
      licence: { name: string; attributionUrl: string };
    };
    expect(article.slug).toBe(row.slug);
    expect(article.source).toMatch(/^---\n/);
    expect(article.html.body).toContain("<");
    expect(article.licence.name).toBe("CC BY-SA 4.0");
    expect(article.licence.attributionUrl).toMatch(new RegExp(`/wiki/${row.slug}/history$`));
    expect(response.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=1, stale-while-revalidate=1");
  });

  it("GET /articles/{slug} by another name: a 308 to the article's own address", async () => {
    const [alias] = rowsOf<{ alias: string; slug: string }>(
      await handle.db.execute(
        sql`select al.slug as alias, a.slug from article_aliases al join articles a on a.id = al.article_id where al.slug <> a.slug limit 1`,
      ),
    );
    expect(alias, "the seeds have other names").toBeDefined();
    const response = await getArticleRoute(request(`/articles/${alias.alias}`), params({ slug: alias.alias }));
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe(`/api/v1/articles/${alias.slug}`);
    const body = (await validated("/articles/{slug}", response)) as { redirect: { slug: string } };
    expect(body.redirect.slug).toBe(alias.slug);
  });

  it("GET /articles/{slug} for nothing: 404 in words, also for a slug that is not one", async () => {
    for (const slug of ["no-such-article-here", "Not A Slug!"]) {
      const response = await getArticleRoute(request(`/articles/${encodeURIComponent(slug)}`), params({ slug }));
      expect(response.status).toBe(404);
      const body = (await validated("/articles/{slug}", response)) as { error: { code: string; message: string } };
      expect(body.error).toEqual({ code: "not_found", message: "There is no article at that address." });
    }
  });

  it("GET /revisions/{id}: a published revision, and 404 JSON for an unknown one", async () => {
    const [row] = rowsOf<{ id: number; slug: string }>(
      await handle.db.execute(sql`select r.id, a.slug from revisions r join articles a on a.id = r.article_id order by r.id limit 1`),
    );
    const ok = await getRevisionRoute(request(`/revisions/${row.id}`), params({ id: String(row.id) }));
    expect(ok.status).toBe(200);
    const revision = (await validated("/revisions/{id}", ok)) as { id: number; articleSlug: string };
    expect(revision).toMatchObject({ id: Number(row.id), articleSlug: row.slug });
    for (const id of ["999999999", "0", "abc"]) {
      const missing = await getRevisionRoute(request(`/revisions/${id}`), params({ id }));
      expect(missing.status).toBe(404);
      expect(((await validated("/revisions/{id}", missing)) as { error: { code: string } }).error.code).toBe("not_found");
    }
  });

  it("GET /search: results through the site's search, and a 400 for nothing to search for", async () => {
    const response = await searchRoute(request("/search?q=attachment"));
    expect(response.status).toBe(200);
    const results = (await validated("/search", response)) as { results: { slug: string }[] };
    expect(results.results.length).toBeGreaterThan(0);
    for (const bad of ["/search", "/search?q=%20%20", "/search?q=love&page=99", "/search?q=love&page=x"]) {
      const refused = await searchRoute(request(bad));
      expect(refused.status, bad).toBe(400);
      expect(((await validated("/search", refused)) as { error: { message: string } }).error.message.length).toBeGreaterThan(10);
      expect(refused.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("GET /categories and /categories/{name}: counts, then the category's articles", async () => {
    const response = await listCategoriesRoute(request("/categories?limit=100"));
    expect(response.status).toBe(200);
    const list = (await validated("/categories", response)) as { categories: { name: string; count: number }[] };
    expect(list.categories.length).toBeGreaterThan(0);
    const first = list.categories[0];
    const page = await listCategoryRoute(request(`/categories/${encodeURIComponent(first.name)}`), params({ name: first.name }));
    expect(page.status).toBe(200);
    const inCategory = (await validated("/categories/{name}", page)) as { category: string; articles: unknown[] };
    expect(inCategory.category).toBe(first.name);
    expect(inCategory.articles.length).toBe(Math.min(first.count, 50));
    const missing = await listCategoryRoute(request("/categories/Nothing%20Here"), params({ name: "Nothing Here" }));
    expect(missing.status).toBe(404);
    await validated("/categories/{name}", missing);
  });

  it("GET /changes: published revisions, newest first", async () => {
    const response = await listChangesRoute(request("/changes?limit=5"));
    expect(response.status).toBe(200);
    const body = (await validated("/changes", response)) as { changes: { revisionId: number }[]; next: string | null };
    expect(body.changes.length).toBeGreaterThan(0);
    const ids = body.changes.map((c) => c.revisionId);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    if (body.next) {
      const more = (await validated("/changes", await listChangesRoute(request(`/changes?limit=5&cursor=${body.next}`)))) as {
        changes: { revisionId: number }[];
      };
      expect(Math.max(...more.changes.map((c) => c.revisionId))).toBeLessThan(Math.min(...ids));
    }
  });
});

describe("cursor pagination", () => {
  it("pages through every seed article once, with no duplicates", async () => {
    const [{ n }] = rowsOf<{ n: number | string }>(await handle.db.execute(sql`select count(*) as n from articles`));
    const slugs: string[] = [];
    let path: string | null = "/articles?limit=7";
    let pages = 0;
    while (path) {
      const response = await listArticlesRoute(request(path));
      expect(response.status).toBe(200);
      const body = (await validated("/articles", response)) as { articles: { slug: string }[]; nextUrl: string | null };
      expect(body.articles.length).toBeLessThanOrEqual(7);
      slugs.push(...body.articles.map((a) => a.slug));
      path = body.nextUrl ? body.nextUrl.replace(/^\/api\/v1/, "") : null;
      expect(++pages).toBeLessThan(1000);
    }
    expect(slugs.length).toBe(Number(n));
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it("refuses a bad cursor or limit with a 400 in words", async () => {
    const foreign = Buffer.from(JSON.stringify({ list: "changes", id: 3 })).toString("base64url");
    for (const bad of [
      "/articles?cursor=not-a-cursor",
      `/articles?cursor=${foreign}`,
      "/articles?cursor=%7B%7D",
      "/articles?limit=0",
      "/articles?limit=101",
      "/articles?limit=ten",
    ]) {
      const response = await listArticlesRoute(request(bad));
      expect(response.status, bad).toBe(400);
      const body = (await validated("/articles", response)) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toMatch(/cursor|limit/);
    }
  });
});

describe("CORS", () => {
  it("lets any origin GET, and answers the preflight", async () => {
    const response = await listArticlesRoute(request("/articles?limit=1"));
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const preflight = articleOptions();
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("GET");
    const refused = await searchRoute(request("/search"));
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("rate limit", () => {
  it("answers the N+1st request of a minute from one address with 429 JSON and Retry-After; other addresses go on", async () => {
    process.env.RATE_LIMIT_API_PER_MINUTE = "5";
    resetEnvCache();
    try {
      const address = "203.0.113.77";
      // A fresh minute, so the five do not straddle two windows.
      const msIntoMinute = Date.now() % 60_000;
      if (msIntoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_500 - msIntoMinute));
      for (let i = 0; i < 5; i++) expect((await listCategoriesRoute(request("/categories", address))).status).toBe(200);
      const refused = await listCategoriesRoute(request("/categories", address));
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.get("cache-control")).toBe("no-store");
      const body = (await validated("/categories", refused)) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("rate_limited");
      expect(body.error.message).toMatch(/5 a minute/);
      expect((await listCategoriesRoute(request("/categories", "203.0.113.78"))).status).toBe(200);
    } finally {
      process.env.RATE_LIMIT_API_PER_MINUTE = "10000";
      resetEnvCache();
    }
  }, 90_000);
});

describe("the contract check itself", () => {
  it("refuses an answer that is not the documented shape", () => {
    const validate = ajv.compile({ $ref: "openapi.json#/paths/~1articles~1{slug}/get/responses/200/content/application~1json/schema" });
    expect(validate({ slug: "x" })).toBe(false);
  });

  it("covered a 200 of every documented path", () => {
    for (const path of Object.keys(doc.paths)) expect(seen.has(`${path} 200`), path).toBe(true);
  });
});

describe("an address that is no endpoint", () => {
  it("is a JSON 404 saying where the endpoints are", async () => {
    const { GET } = await import("@/app/api/v1/[[...path]]/route");
    const response = GET();
    expect(response.status).toBe(404);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain("/api/v1/openapi.json");
  });
});
