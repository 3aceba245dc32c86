import { and, count, countDistinct, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusGenerator, GENERATED_CORPUS_SUMMARY } from "@/lib/articles/corpus";
import { publishRevision } from "@/lib/articles/publish";
import { indexArticlesMissingShingles } from "@/lib/articles/shingle-index";
import { parseArticleSource } from "@/lib/articles/source";
import { openDatabase, rowsOf, type Db, type DbHandle } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { articleAliases, articleCategories, articles, articleShingles, renderedRevisions, revisions } from "@/lib/db/schema";
import { CorpusRefusal, countGeneratedArticles, loadCorpus, missingCorpusIndexes } from "@/lib/seed/corpus-load";
import { createTestDatabase } from "../support/db";

const ARTICLES = 150;
const options = { seed: 3 };
const corpus = corpusGenerator(options);
let handle: DbHandle;
let db: Db;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  expect(await loadCorpus(db, ARTICLES, options)).toEqual({ seeded: 32, existing: 0, added: ARTICLES });
}, 180_000);
afterAll(async () => {
  await handle?.close();
});

const generatedIds = async () =>
  (
    await db
      .select({ id: articles.id })
      .from(articles)
      .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
      .where(eq(revisions.summary, GENERATED_CORPUS_SUMMARY))
  ).map((r) => r.id);

/** The rows publishing derives from a source, as they compare between two databases. */
async function derivedRows(from: Db, slug: string) {
  const [row] = rowsOf<Record<string, unknown>>(
    await from.execute(sql`
      select a.title, a.letter, a.categories, a.summary, a.aliases_text, a.body_text, a.sensitive,
             a.search_vector::text as search_vector, a.head_vector::text as head_vector, r.source, rr.meta, rr.body
      from articles a join revisions r on r.id = a.current_revision_id join rendered_revisions rr on rr.revision_id = r.id
      where a.slug = ${slug}`),
  );
  const id = (await from.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug)))[0]?.id ?? -1;
  const aliases = await from
    .select({ slug: articleAliases.slug, label: articleAliases.label, kind: articleAliases.kind })
    .from(articleAliases)
    .where(eq(articleAliases.articleId, id));
  const categories = await from
    .select({ category: articleCategories.category, title: articleCategories.title })
    .from(articleCategories)
    .where(eq(articleCategories.articleId, id));
  return { row, aliases: aliases.sort((a, b) => a.slug.localeCompare(b.slug)), categories: categories.sort((a, b) => a.category.localeCompare(b.category)) };
}

describe("loading the generated corpus", () => {
  it("writes every article through the publish path: a current revision, its rendering, categories and other names", async () => {
    const [{ n }] = await db.select({ n: count() }).from(articles);
    expect(n).toBe(32 + ARTICLES);
    expect(await countGeneratedArticles(db)).toBe(ARTICLES);
    const ids = await generatedIds();
    expect(ids).toHaveLength(ARTICLES);
    const [current] = await db
      .select({ n: count() })
      .from(articles)
      .innerJoin(revisions, and(eq(revisions.id, articles.currentRevisionId), eq(revisions.articleId, articles.id)))
      .where(and(inArray(articles.id, ids), eq(revisions.kind, "seed")));
    expect(current.n).toBe(ARTICLES);
    const [rendered] = await db
      .select({ n: countDistinct(renderedRevisions.revisionId) })
      .from(renderedRevisions)
      .innerJoin(articles, eq(articles.currentRevisionId, renderedRevisions.revisionId))
      .where(inArray(articles.id, ids));
    expect(rendered.n).toBe(ARTICLES);
    // One category row per category of each source, three other names each (generated names never clash).
    let categoriesInSources = 0;
    for (let i = 0; i < ARTICLES; i++) {
      const parsed = parseArticleSource(corpus.source(i));
      if (parsed.ok) categoriesInSources += new Set(parsed.value.meta.category).size;
    }
    const [categoryRows] = await db
      .select({ n: count(), articles: countDistinct(articleCategories.articleId) })
      .from(articleCategories)
      .where(inArray(articleCategories.articleId, ids));
    expect(categoryRows).toEqual({ n: categoriesInSources, articles: ARTICLES });
    const [aliasRows] = await db.select({ n: count() }).from(articleAliases).where(inArray(articleAliases.articleId, ids));
    expect(aliasRows.n).toBe(3 * ARTICLES);
    // Each address is the generator's for its index.
    const slugs = new Set((await db.select({ slug: articles.slug }).from(articles).where(inArray(articles.id, ids))).map((r) => r.slug));
    expect(slugs).toEqual(new Set(Array.from({ length: ARTICLES }, (_, i) => corpus.slug(i))));
  });

  it("leaves generated articles out of the copied-text index, also at start-up, while the seed's articles are in it", async () => {
    const ids = await generatedIds();
    const [generated] = await db.select({ n: count() }).from(articleShingles).where(inArray(articleShingles.articleId, ids));
    expect(generated.n).toBe(0);
    const [all] = await db.select({ n: countDistinct(articleShingles.articleId) }).from(articleShingles);
    expect(all.n).toBe(32);
    expect(await indexArticlesMissingShingles(db)).toBe(0);
  });

  it("stores the same rows and search vectors as an ordinary publication of the same source in another database", async () => {
    const fresh = openDatabase({ memory: true });
    try {
      await migrateDatabase(fresh);
      for (const i of [0, 1, 42, 149]) {
        await fresh.db.transaction((tx) => publishRevision(tx, { source: corpus.source(i), authorId: null, summary: "An ordinary edit", kind: "create" }));
        const generated = await derivedRows(db, corpus.slug(i));
        const ordinary = await derivedRows(fresh.db, corpus.slug(i));
        expect(generated.row?.search_vector).toBeTruthy();
        expect(ordinary).toEqual(generated);
      }
    } finally {
      await fresh.close();
    }
  }, 60_000);

  it("resumes: adds only what is missing, and refuses fewer articles than exist or another seed's corpus", async () => {
    expect(await loadCorpus(db, ARTICLES, options)).toEqual({ seeded: 0, existing: ARTICLES, added: 0 });
    expect(await missingCorpusIndexes(db, ARTICLES + 10, options)).toEqual(Array.from({ length: 10 }, (_, k) => ARTICLES + k));
    expect(await loadCorpus(db, ARTICLES + 10, options)).toEqual({ seeded: 0, existing: ARTICLES, added: 10 });
    expect(await countGeneratedArticles(db)).toBe(ARTICLES + 10);
    await expect(loadCorpus(db, ARTICLES, options)).rejects.toThrow(CorpusRefusal);
    await expect(loadCorpus(db, ARTICLES, options)).rejects.toThrow(/already holds 160 generated articles, more than the 150 asked for/);
    await expect(loadCorpus(db, ARTICLES + 20, { seed: 4 })).rejects.toThrow(/only 0 of them are among articles 1–170 of --seed 4/);
    await expect(loadCorpus(db, 0, options)).rejects.toThrow(/at least 1/);
    expect(await countGeneratedArticles(db)).toBe(ARTICLES + 10);
  }, 60_000);
});
