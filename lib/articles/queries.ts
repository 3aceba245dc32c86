import "server-only";
import { and, asc, desc, eq, gt, inArray, lte, ne, sql } from "drizzle-orm";
import { unstable_cache } from "next/cache";
import { cache } from "react";
import { getDb, rowsOf, type Db } from "../db/client";
import { articleAliases, articleCategories, articles, revisions, users } from "../db/schema";
import { listCategoryCounts, readCount } from "./listing-counts";
import { evidenceLevelOf, readStoredEvidence, type Evidence, type EvidenceLevel } from "./evidence";
import { pickRelated } from "./related";
import { FORMER_CONTRIBUTOR } from "../auth/accounts";

/** Cache tags: one per article page, one for everything that lists articles. */
export const articleTag = (slug: string) => `article:${slug}`;
export const LISTINGS_TAG = "articles";
/** Lookups that found no article (404s and alias redirects): revalidated when slugs or aliases change. */
export const SLUGS_TAG = "slugs";

export type ArticlePage = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  categories: string[];
  source: string;
  revisionId: number;
  updatedAt: string;
  createdAt: string;
  /** The evidence stored at publication, with the revision it was computed for (null for a row published before it). */
  storedEvidence?: { revisionId: number; evidence: Evidence } | null;
};

export type ArticleLookup = { kind: "article"; article: ArticlePage } | { kind: "redirect"; slug: string } | { kind: "missing" };

async function lookupArticle(slug: string): Promise<ArticlePage | null> {
  const [row] = await getDb()
    .select({
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      summary: articles.summary,
      categories: articles.categories,
      source: revisions.source,
      revisionId: revisions.id,
      updatedAt: articles.updatedAt,
      createdAt: articles.createdAt,
      evidence: articles.evidence,
    })
    .from(articles)
    .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
    .where(eq(articles.slug, slug))
    .limit(1);
  if (!row) return null;
  const { evidence, ...rest } = row;
  const stored = readStoredEvidence(evidence);
  return {
    ...rest,
    updatedAt: row.updatedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    storedEvidence: stored ? { revisionId: row.revisionId, evidence: stored } : null,
  };
}

async function lookupAlias(slug: string): Promise<ArticleLookup> {
  const [alias] = await getDb()
    .select({ slug: articles.slug })
    .from(articleAliases)
    .innerJoin(articles, eq(articles.id, articleAliases.articleId))
    .where(eq(articleAliases.slug, slug))
    .limit(1);
  return alias ? { kind: "redirect", slug: alias.slug } : { kind: "missing" };
}

/** Once per request (cache: a page and its metadata ask for the same slug, and would both miss the data cache). */
export const getArticleBySlug = cache(async (slug: string): Promise<ArticleLookup> => {
  const article = await unstable_cache(() => lookupArticle(slug), ["article-by-slug", slug], { tags: [articleTag(slug)], revalidate: false })();
  if (article) return { kind: "article", article };
  return unstable_cache(() => lookupAlias(slug), ["alias-by-slug", slug], { tags: [articleTag(slug), SLUGS_TAG], revalidate: false })();
});

export type ArticleCard = {
  slug: string;
  title: string;
  summary: string;
  letter: string;
  categories: string[];
  updatedAt: string;
  /** The badge of the stored evidence line (null for a row not yet filled). */
  evidenceLevel?: EvidenceLevel | null;
};

const cardColumns = {
  slug: articles.slug,
  title: articles.title,
  summary: articles.summary,
  letter: articles.letter,
  categories: articles.categories,
  updatedAt: articles.updatedAt,
  // Only the level, read from the row the listing reads anyway: no query per card.
  evidenceLevel: sql<string | null>`${articles.evidence}->>'level'`,
};
const toCard = (r: { updatedAt: Date; evidenceLevel: string | null } & Omit<ArticleCard, "updatedAt" | "evidenceLevel">): ArticleCard => ({
  slug: r.slug,
  title: r.title,
  summary: r.summary,
  letter: r.letter,
  categories: r.categories,
  updatedAt: r.updatedAt.toISOString(),
  evidenceLevel: evidenceLevelOf(r.evidenceLevel),
});

export const listLatestArticles = unstable_cache(
  async (limit: number): Promise<ArticleCard[]> => {
    const rows = await getDb().select(cardColumns).from(articles).orderBy(desc(articles.updatedAt), asc(articles.title)).limit(limit);
    return rows.map(toCard);
  },
  ["latest-articles"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

/** How many cards a letter or category page shows at once. */
export const LISTING_PAGE_SIZE = 100;
/** The most URLs one child sitemap lists (the protocol allows 50,000). */
export const SITEMAP_CHUNK = 10_000;

export type ListingPage = { cards: ArticleCard[]; total: number; page: number; pages: number };

const listingPage = (cards: ArticleCard[], total: number, page: number): ListingPage => ({
  cards,
  total,
  page,
  pages: Math.max(1, Math.ceil(total / LISTING_PAGE_SIZE)),
});

/** The article featured on a given day: the n-th by id, n cycling through all of them (one indexed count, one offset). */
export const getFeaturedArticle = unstable_cache(
  async (day: number): Promise<ArticleCard | null> => {
    const db = getDb();
    const n = await readCount(db, "all", "");
    if (n === 0) return null;
    const [row] = await db
      .select(cardColumns)
      .from(articles)
      .orderBy(asc(articles.id))
      .offset(day % n)
      .limit(1);
    return row ? toCard(row) : null;
  },
  ["featured-article"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

/** One page of the articles under a letter, in title order (one range of articles_letter_title_idx). */
export const listArticlesByLetter = unstable_cache(
  async (letter: string, page = 1): Promise<ListingPage> => {
    const db = getDb();
    const [rows, n] = await Promise.all([
      db
        .select(cardColumns)
        .from(articles)
        .where(eq(articles.letter, letter))
        .orderBy(asc(articles.title))
        .offset((page - 1) * LISTING_PAGE_SIZE)
        .limit(LISTING_PAGE_SIZE),
      readCount(db, "letter", letter),
    ]);
    return listingPage(rows.map(toCard), n, page);
  },
  ["articles-by-letter"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

export const listLettersInUse = unstable_cache(
  async (): Promise<string[]> => {
    // One probe of articles_letter_title_idx per letter, rather than a scan of every article.
    const letters = sql.join(
      [..."abcdefghijklmnopqrstuvwxyz#"].map((l) => sql`(${l})`),
      sql`, `,
    );
    const rows = rowsOf<{ letter: string }>(
      await getDb().execute(sql`
        select l.letter from (values ${letters}) as l(letter)
        where exists (select 1 from articles a where a.letter = l.letter)`),
    );
    return rows.map((r) => r.letter).sort();
  },
  ["letters-in-use"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

/** One page of a category, in title order (one range of article_categories_title_idx). */
export const listArticlesInCategory = unstable_cache(
  async (category: string, page = 1): Promise<ListingPage> => {
    const db = getDb();
    const [rows, n] = await Promise.all([
      db
        .select(cardColumns)
        .from(articleCategories)
        .innerJoin(articles, eq(articles.id, articleCategories.articleId))
        .where(eq(articleCategories.category, category))
        .orderBy(asc(articleCategories.title))
        .offset((page - 1) * LISTING_PAGE_SIZE)
        .limit(LISTING_PAGE_SIZE),
      readCount(db, "category", category),
    ]);
    return listingPage(rows.map(toCard), n, page);
  },
  ["articles-in-category"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

export const listCategories = unstable_cache(
  async (): Promise<{ name: string; count: number }[]> => {
    // The counts kept at publication (article_counts), never counted here.
    return listCategoryCounts(getDb());
  },
  ["categories"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

/** How many child sitemaps there are: articles are split by id into runs of SITEMAP_CHUNK. */
export const countSitemapChunks = unstable_cache(
  async (): Promise<number> => {
    const [{ last }] = await getDb()
      .select({ last: sql<number | null>`max(${articles.id})` })
      .from(articles);
    return Math.max(1, Math.ceil(Number(last ?? 0) / SITEMAP_CHUNK));
  },
  ["sitemap-chunks"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

/** The articles of one child sitemap (from 1): ids in ((n-1)·CHUNK, n·CHUNK], one range of the primary key. */
export const listSitemapChunk = unstable_cache(
  async (n: number): Promise<{ slug: string; updatedAt: string }[]> => {
    const rows = await getDb()
      .select({ slug: articles.slug, updatedAt: articles.updatedAt })
      .from(articles)
      .where(and(gt(articles.id, (n - 1) * SITEMAP_CHUNK), lte(articles.id, n * SITEMAP_CHUNK)))
      .orderBy(asc(articles.id));
    return rows.map((r) => ({ slug: r.slug, updatedAt: r.updatedAt.toISOString() }));
  },
  ["sitemap-chunk"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

export type RevisionPage = { id: number; articleSlug: string; source: string; createdAt: string; isCurrent: boolean; authorName: string; summary: string };

export type PublishedRevision = {
  revisionId: number;
  parentId: number | null;
  articleSlug: string;
  articleTitle: string;
  kind: "create" | "edit" | "revert" | "seed";
  summary: string;
  authorName: string;
  createdAt: Date;
  source: string;
  isCurrent: boolean;
};

/** One published revision by its number, with its article and author, or null (the revision page and /api/v1). */
export async function getPublishedRevision(db: Db, id: number): Promise<PublishedRevision | null> {
  const [row] = await db
    .select({
      revisionId: revisions.id,
      parentId: revisions.parentId,
      articleSlug: articles.slug,
      articleTitle: articles.title,
      currentRevisionId: articles.currentRevisionId,
      kind: revisions.kind,
      summary: revisions.summary,
      authorName: users.displayName,
      createdAt: revisions.createdAt,
      source: revisions.source,
    })
    .from(revisions)
    .innerJoin(articles, eq(articles.id, revisions.articleId))
    .leftJoin(users, eq(users.id, revisions.authorId))
    .where(eq(revisions.id, id))
    .limit(1);
  if (!row) return null;
  const { currentRevisionId, ...rest } = row;
  return { ...rest, authorName: row.authorName ?? FORMER_CONTRIBUTOR, isCurrent: currentRevisionId === row.revisionId };
}

async function lookupRevision(slug: string, id: number): Promise<RevisionPage | null> {
  const row = await getPublishedRevision(getDb(), id);
  if (!row || row.articleSlug !== slug) return null;
  return {
    id: row.revisionId,
    articleSlug: row.articleSlug,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
    isCurrent: row.isCurrent,
    authorName: row.authorName,
    summary: row.summary,
  };
}

/** One revision of an article (revisions never change; the article's tag covers "is it current"). */
export function getRevision(slug: string, id: number): Promise<RevisionPage | null> {
  return unstable_cache(() => lookupRevision(slug, id), ["revision", slug, String(id)], { tags: [articleTag(slug)], revalidate: false })();
}

/**
 * The articles an article page shows beside itself: the source's own related list first, then others sharing a category
 * (a few rows of article_categories per category). Untagged on purpose: they refresh hourly, so that one approval does
 * not expire every article page (DESIGN §5).
 */
export const listRelatedCards = unstable_cache(
  async (slug: string, title: string, related: string[], categories: string[], max = 4): Promise<ArticleCard[]> => {
    const db = getDb();
    const named = related.length
      ? (
          await db
            .select(cardColumns)
            .from(articles)
            .where(inArray(articles.slug, related.slice(0, 20)))
        ).map(toCard)
      : [];
    // In each category, the articles that follow this one by title (then the first ones): a few index entries each,
    // and neighbours that differ from one article to the next.
    const names = categories.slice(0, 10);
    const neighbours = names.length
      ? rowsOf<{ id: number }>(
          await db.execute(sql`
            select n.article_id as id from (values ${sql.join(
              names.map((c) => sql`(${c})`),
              sql`, `,
            )}) as c(name), lateral (
              (select article_id from article_categories where category = c.name and title > ${title} order by title limit ${max + 1})
              union all
              (select article_id from article_categories where category = c.name and title <= ${title} order by title limit ${max + 1})
            ) n`),
        ).map((r) => Number(r.id))
      : [];
    const position = new Map(neighbours.map((id, i) => [id, i]));
    const others = neighbours.length
      ? (
          await db
            .select({ id: articles.id, ...cardColumns })
            .from(articles)
            .where(and(inArray(articles.id, neighbours), ne(articles.slug, slug)))
        )
          .sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0))
          .map(toCard)
      : [];
    const bySlug = new Map(named.map((c) => [c.slug, c]));
    const ordered = related.map((s) => bySlug.get(s)).filter((c): c is ArticleCard => c !== undefined);
    return pickRelated({ related: ordered.map((c) => c.slug), category: categories }, slug, [...ordered, ...others], max);
  },
  ["related-cards"],
  { revalidate: 3600 },
);

/** The slug of one article chosen at random (for /random), or null when there are none. Never cached. */
export async function pickRandomArticleSlug(): Promise<string | null> {
  // A random point in the id range, then the first article at or after it (an index probe, not a sort of every row).
  const [row] = rowsOf<{ slug: string }>(
    await getDb().execute(sql`
      with r as (select floor(random() * coalesce(max(id), 0))::int as at from articles)
      select a.slug from r, lateral (
        (select slug from articles where id > r.at order by id limit 1)
        union all (select slug from articles order by id limit 1)
      ) a limit 1`),
  );
  return row?.slug ?? null;
}
