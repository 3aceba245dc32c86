// Typed other names (issue #15, item 5) against a real database: publication writes each alias row's term type,
// a name "often confused with" the article is searchable but no address of it, and search and type-ahead say the
// kind of the name that matched. On fixtures, not the seed (whose names content work may retype).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishRevision } from "@/lib/articles/publish";
import { searchArticles } from "@/lib/articles/search";
import { suggestArticles, suggestQuery } from "@/lib/articles/suggest";
import type { DbHandle } from "@/lib/db/client";
import { articleAliases, articles } from "@/lib/db/schema";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
let loveBombing: number;

const source = (title: string, aliases: string, slug?: string) =>
  `---\ntitle: ${title}\n${slug ? `slug: ${slug}\n` : ""}summary: A short summary of ${title.toLowerCase()}.\ncategory: [Testing]\n${aliases}\n---\nA lead paragraph that says what the article is about.\n\n## History\nSome history.\n`;

const publish = (text: string, articleId?: number) =>
  handle.db.transaction((tx) =>
    publishRevision(tx, { articleId, source: text, authorId: null, summary: articleId ? "edit" : "create", kind: articleId ? "edit" : "create" }),
  );

const loveBombingSource = source(
  "Love Bombing",
  `aliases:
  other: [affection flooding]
  research: [idealisation phase]
  popular: [lovebombing]
  slang: [bombing with love]
  confused: [passionate love]`,
);

beforeAll(async () => {
  handle = await createTestDatabase();
  loveBombing = (await publish(loveBombingSource)).article.id;
});
afterAll(async () => {
  await handle.close();
});

const aliasRows = (articleId: number) =>
  handle.db
    .select({ slug: articleAliases.slug, label: articleAliases.label, kind: articleAliases.kind, termType: articleAliases.termType })
    .from(articleAliases)
    .where(eq(articleAliases.articleId, articleId))
    .orderBy(articleAliases.slug);

describe("publishing typed other names", () => {
  it("writes each alias row's term type, null for a name without one", async () => {
    expect(await aliasRows(loveBombing)).toEqual([
      { slug: "affection-flooding", label: "affection flooding", kind: "alias", termType: null },
      { slug: "bombing-with-love", label: "bombing with love", kind: "alias", termType: "slang" },
      { slug: "idealisation-phase", label: "idealisation phase", kind: "alias", termType: "research" },
      { slug: "lovebombing", label: "lovebombing", kind: "alias", termType: "popular" },
    ]);
  });

  it("gives a name often confused with the article no row, so its address does not lead here", async () => {
    expect(await handle.db.select().from(articleAliases).where(eq(articleAliases.slug, "passionate-love"))).toEqual([]);
    // The address stays free for the article that is that thing.
    const other = await publish(source("Romantic Love", "aliases: [passionate love]"));
    const [row] = await handle.db.select().from(articleAliases).where(eq(articleAliases.slug, "passionate-love"));
    expect(row).toMatchObject({ articleId: other.article.id, termType: null });
  });

  it("keeps the confused name searchable: it stays in the article's other-name text", async () => {
    const [row] = await handle.db.select({ aliasesText: articles.aliasesText }).from(articles).where(eq(articles.id, loveBombing));
    expect(row?.aliasesText).toContain("passionate love");
  });

  it("changes a name's term type on the next revision; a former slug keeps none", async () => {
    const edited = loveBombingSource.replace("  popular: [lovebombing]\n", "").replace("slang: [bombing with love]", "slang: [bombing with love, lovebombing]");
    const renamed = edited.replace("title: Love Bombing", "title: Love-Bombing Tactics");
    await publish(renamed, loveBombing);
    const rows = await aliasRows(loveBombing);
    expect(rows).toContainEqual({ slug: "lovebombing", label: "lovebombing", kind: "alias", termType: "slang" });
    expect(rows).toContainEqual({ slug: "love-bombing", label: "love-bombing", kind: "former_slug", termType: null });
    // Back to the first title and kinds, for the tests below.
    await publish(loveBombingSource, loveBombing);
    const [back] = await handle.db
      .select({ termType: articleAliases.termType })
      .from(articleAliases)
      .where(and(eq(articleAliases.slug, "lovebombing"), eq(articleAliases.articleId, loveBombing)));
    expect(back?.termType).toBe("popular");
  });
});

describe("search and type-ahead say the kind of the name that matched", () => {
  const suggest = async (typed: string) => suggestArticles(handle.db, suggestQuery(typed) ?? "");

  it("type-ahead: a prefix of a typed name", async () => {
    const [first] = await suggest("loveb");
    expect(first).toEqual({
      slug: "love-bombing",
      title: "Love Bombing",
      matched: "lovebombing",
      kind: "popular",
      shown: "Love Bombing — popular term: lovebombing",
    });
  });

  it("type-ahead: a near miss of a typed name, and a name without a kind", async () => {
    expect((await suggest("idealisaton phase"))[0]).toMatchObject({ slug: "love-bombing", matched: "idealisation phase", kind: "research" });
    expect((await suggest("affection fl"))[0]).toMatchObject({
      matched: "affection flooding",
      kind: null,
      shown: "Love Bombing — other name: affection flooding",
    });
  });

  it("type-ahead: a title match says no other name", async () => {
    expect((await suggest("love bom"))[0]).toMatchObject({ slug: "love-bombing", matched: null, kind: null, shown: "Love Bombing" });
  });

  it("search: a result found by another name says which, with its kind", async () => {
    const [hit] = await searchArticles(handle.db, "lovebombing");
    expect(hit).toMatchObject({ slug: "love-bombing", matched: "lovebombing", kind: "popular" });
    const [research] = await searchArticles(handle.db, "idealisation phase");
    expect(research).toMatchObject({ slug: "love-bombing", matched: "idealisation phase", kind: "research" });
    // A misspelt name (trigram similarity) is said too.
    expect((await searchArticles(handle.db, "affection floding"))[0]).toMatchObject({ slug: "love-bombing", matched: "affection flooding", kind: null });
  });

  it("search: a result found by its title says no other name; a confused name finds the article without posing as its name", async () => {
    const [byTitle] = await searchArticles(handle.db, "love bombing");
    expect(byTitle).toMatchObject({ slug: "love-bombing", matched: null, kind: null });
    const found = await searchArticles(handle.db, "passionate love");
    expect(found.map((h) => h.slug)).toContain("love-bombing");
    expect(found.find((h) => h.slug === "love-bombing")?.matched).toBeNull();
  });
});
