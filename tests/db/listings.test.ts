// The bounded listings (lib/articles/queries.ts) on a real database: pages of letters and categories, category counts,
// the sitemap's chunks, the featured article, related cards and /random, all read through the indexes they are built on.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { publishRevision } from "@/lib/articles/publish";
import {
  countSitemapChunks,
  getFeaturedArticle,
  LISTING_PAGE_SIZE,
  listArticlesByLetter,
  listArticlesInCategory,
  listCategories,
  listLettersInUse,
  listRelatedCards,
  listSitemapChunk,
  pickRandomArticleSlug,
} from "@/lib/articles/queries";
import { setDbHandle, type DbHandle } from "@/lib/db/client";
import { articleCategories, articles } from "@/lib/db/schema";
import { seedIfEmpty } from "@/lib/seed";
import { createTestDatabase } from "../support/db";

// Outside a Next server there is no incremental cache: run the cached functions' bodies directly (the database is real).
vi.mock("next/cache", () => ({ unstable_cache: <T>(fn: T) => fn, updateTag: () => {}, revalidateTag: () => {} }));

let handle: DbHandle;
const EXTRA = LISTING_PAGE_SIZE + 23; // more than one page under Q and in the category "Paging"

const source = (title: string, categories: string, related = "") =>
  `---\ntitle: ${title}\nsummary: A short summary of ${title}.\ncategory: [${categories}]\n${related}---\nA lead paragraph about ${title}.\n\n## History\nSome history.\n`;

beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
  await seedIfEmpty(handle.db);
  await handle.db.transaction(async (tx) => {
    for (let i = 0; i < EXTRA; i++) {
      const n = String(i).padStart(3, "0");
      await publishRevision(tx, { source: source(`Quire Topic ${n}`, i % 2 ? "Paging, Odd Ones" : "Paging"), authorId: null, summary: "t", kind: "create" });
    }
  });
}, 120_000);
afterAll(async () => {
  await handle.close();
});

describe("letter pages", () => {
  it("splits a letter into pages in title order, every article once", async () => {
    const first = await listArticlesByLetter("q", 1);
    const second = await listArticlesByLetter("q", 2);
    expect(first.total).toBeGreaterThanOrEqual(EXTRA);
    expect(first.pages).toBe(Math.ceil(first.total / LISTING_PAGE_SIZE));
    expect(first.cards).toHaveLength(LISTING_PAGE_SIZE);
    expect(second.cards).toHaveLength(first.total - LISTING_PAGE_SIZE);
    const titles = [...first.cards, ...second.cards].map((c) => c.title);
    expect(new Set(titles).size).toBe(first.total);
    expect(titles).toEqual([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it("knows which letters have articles", async () => {
    const letters = await listLettersInUse();
    expect(letters).toContain("q");
    expect(letters).toContain("j"); // Jealousy, a seed article
    const underX = await handle.db.select({ id: articles.id }).from(articles).where(eq(articles.letter, "x"));
    expect(letters.includes("x")).toBe(underX.length > 0);
  });
});

describe("category pages and counts", () => {
  it("pages a category in title order and counts it", async () => {
    const first = await listArticlesInCategory("Paging", 1);
    const second = await listArticlesInCategory("Paging", 2);
    expect(first.total).toBe(EXTRA);
    expect(first.cards).toHaveLength(LISTING_PAGE_SIZE);
    expect(second.cards).toHaveLength(EXTRA - LISTING_PAGE_SIZE);
    expect(second.cards.every((c) => c.categories.includes("Paging"))).toBe(true);
  });

  it("counts every category in the database, as the articles' own lists say", async () => {
    const counts = new Map((await listCategories()).map((c) => [c.name, c.count]));
    const expected = new Map<string, number>();
    for (const row of await handle.db.select({ categories: articles.categories }).from(articles))
      for (const c of new Set(row.categories)) expected.set(c, (expected.get(c) ?? 0) + 1);
    expect(counts).toEqual(expected);
    expect(counts.get("Odd Ones")).toBe(Math.floor(EXTRA / 2));
  });

  it("moves an article between categories when an edit changes them", async () => {
    const [row] = await handle.db.select({ id: articles.id }).from(articles).where(eq(articles.slug, "quire-topic-000"));
    await handle.db.transaction((tx) =>
      publishRevision(tx, { articleId: row.id, source: source("Quire Topic 000", "Moved Away"), authorId: null, summary: "move", kind: "edit" }),
    );
    const cats = await handle.db.select({ category: articleCategories.category }).from(articleCategories).where(eq(articleCategories.articleId, row.id));
    expect(cats.map((c) => c.category)).toEqual(["Moved Away"]);
    expect((await listArticlesInCategory("Paging", 1)).total).toBe(EXTRA - 1);
  });

  it("keeps each letter's count equal to its articles when a new title moves an article to another letter", async () => {
    const letterCounts = async () => {
      const counts = new Map<string, number>();
      for (const row of await handle.db.select({ letter: articles.letter }).from(articles)) counts.set(row.letter, (counts.get(row.letter) ?? 0) + 1);
      return counts;
    };
    const [row] = await handle.db.select({ id: articles.id }).from(articles).where(eq(articles.slug, "quire-topic-001"));
    const qBefore = (await listArticlesByLetter("q", 1)).total;
    const xBefore = (await listArticlesByLetter("x", 1)).total;
    await handle.db.transaction((tx) =>
      publishRevision(tx, { articleId: row.id, source: source("Xenial Topic 001", "Paging, Odd Ones"), authorId: null, summary: "rename", kind: "edit" }),
    );
    expect((await listArticlesByLetter("q", 1)).total).toBe(qBefore - 1);
    expect((await listArticlesByLetter("x", 1)).total).toBe(xBefore + 1);
    const actual = await letterCounts();
    for (const [letter, n] of actual) expect((await listArticlesByLetter(letter, 1)).total, `letter ${letter}`).toBe(n);
  });
});

describe("sitemap chunks", () => {
  it("lists every article once across its chunks", async () => {
    const chunks = await countSitemapChunks();
    const all = (await Promise.all(Array.from({ length: chunks }, (_, i) => listSitemapChunk(i + 1)))).flat();
    const n = (await handle.db.select({ id: articles.id }).from(articles)).length;
    expect(all).toHaveLength(n);
    expect(new Set(all.map((a) => a.slug)).size).toBe(n);
    expect(await listSitemapChunk(chunks + 1)).toEqual([]);
  });
});

describe("featured, related and random", () => {
  it("cycles the featured article through every article, one a day", async () => {
    const n = (await handle.db.select({ id: articles.id }).from(articles)).length;
    const today = await getFeaturedArticle(20_000);
    expect(today).not.toBeNull();
    expect((await getFeaturedArticle(20_000 + n))?.slug).toBe(today?.slug);
    expect((await getFeaturedArticle(20_001))?.slug).not.toBe(today?.slug);
  });

  it("puts the source's related articles first, then others of a category, never the article itself", async () => {
    const cards = await listRelatedCards("quire-topic-005", "Quire Topic 005", ["quire-topic-004", "missing-one", "quire-topic-005"], ["Odd Ones"]);
    expect(cards[0]?.slug).toBe("quire-topic-004");
    expect(cards.map((c) => c.slug)).not.toContain("quire-topic-005");
    expect(cards).toHaveLength(4);
    expect(cards.slice(1).every((c) => c.categories.includes("Odd Ones"))).toBe(true);
    // The neighbours that follow it by title, not the category's first articles.
    expect(cards.slice(1).map((c) => c.slug)).toEqual(["quire-topic-007", "quire-topic-009", "quire-topic-011"]);
  });

  it("picks existing articles at random, not always the same one", async () => {
    const picks = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const slug = await pickRandomArticleSlug();
      expect(slug).not.toBeNull();
      picks.add(slug as string);
    }
    expect(picks.size).toBeGreaterThan(5);
    const slugs = new Set((await handle.db.select({ slug: articles.slug }).from(articles)).map((r) => r.slug));
    for (const p of picks) expect(slugs.has(p)).toBe(true);
  });
});
