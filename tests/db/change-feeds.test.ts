// The per-article and per-category Atom feeds on a real database: the latest approved changes, bounded, newest first,
// with display names; unknown slugs and categories are 404s.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as categoryFeed } from "@/app/(site)/category/[name]/changes.xml/route";
import { GET as articleFeed } from "@/app/(site)/wiki/[slug]/changes.xml/route";
import { FEED_CHANGES_LIMIT, readArticleChanges, readCategoryChanges } from "@/lib/articles/change-feeds";
import { publishRevision } from "@/lib/articles/publish";
import { type DbHandle } from "@/lib/db/client";
import { articles, users } from "@/lib/db/schema";
import { seedIfEmpty } from "@/lib/seed";
import { createTestDatabase } from "../support/db";

vi.mock("next/cache", () => ({ unstable_cache: <T>(fn: T) => fn, updateTag: () => {}, revalidateTag: () => {} }));

let handle: DbHandle;
let articleId: number;
const source = (n: number) =>
  `---\ntitle: Feedable Topic\nsummary: A topic for feeds, version ${n}.\ncategory: [Feed Tests]\n---\nA lead paragraph, version ${n}.\n\n## History\nSome history.\n`;
const EDITS = FEED_CHANGES_LIMIT + 5;

const call = (fn: (request: Request, context: never) => Promise<Response>, value: string) =>
  fn(new Request("http://localhost/x"), { params: Promise.resolve({ slug: value, name: value }) } as never);

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedIfEmpty(handle.db);
  await handle.db.insert(users).values({ id: "feed-author", displayName: "Feed <Author>", role: "contributor" });
  await handle.db.transaction(async (tx) => {
    const first = await publishRevision(tx, { source: source(0), authorId: "feed-author", summary: "Created", kind: "create" });
    articleId = first.article.id;
    for (let i = 1; i <= EDITS; i++) {
      await publishRevision(tx, { articleId, source: source(i), authorId: i % 2 ? "feed-author" : null, summary: `Edit ${i}`, kind: "edit" });
    }
  });
}, 120_000);
afterAll(async () => {
  await handle.close();
});

describe("article changes", () => {
  it("lists the latest approved revisions, newest first, bounded", async () => {
    const found = await readArticleChanges("feedable-topic");
    expect(found?.title).toBe("Feedable Topic");
    expect(found?.changes).toHaveLength(FEED_CHANGES_LIMIT);
    expect(found?.changes[0].summary).toBe(`Edit ${EDITS}`);
    expect(found?.changes[0].parentId).toBe(found?.changes[1].revisionId);
    const names = new Set(found?.changes.map((c) => c.authorName));
    expect(names).toEqual(new Set(["Feed <Author>", "former contributor"]));
  });

  it("serves valid Atom with escaped names, and 404 for an unknown slug", async () => {
    const response = await call(articleFeed, "feedable-topic");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await response.text();
    expect(xml.match(/<entry>/g)).toHaveLength(FEED_CHANGES_LIMIT);
    expect(xml).toContain("<name>Feed &lt;Author&gt;</name>");
    expect(xml).toMatch(/\/wiki\/feedable-topic\/history\?from=\d+&amp;to=\d+/);
    await expect(call(articleFeed, "no-such-article")).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    await expect(call(articleFeed, "Not A Slug!")).rejects.toMatchObject({ digest: expect.stringContaining("404") });
  });
});

describe("category changes", () => {
  it("lists changes to the category's articles, and 404 for a category with none", async () => {
    const changes = await readCategoryChanges("Feed Tests");
    expect(changes).toHaveLength(FEED_CHANGES_LIMIT);
    expect(changes?.every((c) => c.slug === "feedable-topic")).toBe(true);
    expect(await readCategoryChanges("No Such Category")).toBeNull();
    const response = await call(categoryFeed, "Feed Tests");
    expect(await response.text()).toContain("<id>http://localhost:3000/category/Feed%20Tests/changes.xml</id>");
    await expect(call(categoryFeed, "No Such Category")).rejects.toMatchObject({ digest: expect.stringContaining("404") });
  });

  it("includes a seeded category's first editions", async () => {
    const [seeded] = await handle.db.select({ categories: articles.categories }).from(articles).where(eq(articles.slug, "jealousy")).limit(1);
    const category = seeded?.categories[0];
    expect(category).toBeTruthy();
    const changes = await readCategoryChanges(category!);
    expect(changes?.some((c) => c.authorName === "Attune editors")).toBe(true);
  });
});
