import "server-only";
import { asc, desc, eq, sql } from "drizzle-orm";
import { unstable_cache } from "next/cache";
import { getDb } from "../db/client";
import { articleAliases, articles, revisions, users } from "../db/schema";

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
    })
    .from(articles)
    .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
    .where(eq(articles.slug, slug))
    .limit(1);
  return row ? { ...row, updatedAt: row.updatedAt.toISOString(), createdAt: row.createdAt.toISOString() } : null;
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

export async function getArticleBySlug(slug: string): Promise<ArticleLookup> {
  const article = await unstable_cache(() => lookupArticle(slug), ["article-by-slug", slug], { tags: [articleTag(slug)], revalidate: false })();
  if (article) return { kind: "article", article };
  return unstable_cache(() => lookupAlias(slug), ["alias-by-slug", slug], { tags: [articleTag(slug), SLUGS_TAG], revalidate: false })();
}

export type ArticleCard = { slug: string; title: string; summary: string; letter: string; categories: string[]; updatedAt: string };

const cardColumns = {
  slug: articles.slug,
  title: articles.title,
  summary: articles.summary,
  letter: articles.letter,
  categories: articles.categories,
  updatedAt: articles.updatedAt,
};
const toCard = (r: { updatedAt: Date } & Omit<ArticleCard, "updatedAt">): ArticleCard => ({ ...r, updatedAt: r.updatedAt.toISOString() });

export const listLatestArticles = unstable_cache(
  async (limit: number): Promise<ArticleCard[]> => {
    const rows = await getDb().select(cardColumns).from(articles).orderBy(desc(articles.updatedAt), asc(articles.title)).limit(limit);
    return rows.map(toCard);
  },
  ["latest-articles"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

export const listAllArticles = unstable_cache(
  async (): Promise<ArticleCard[]> => {
    const rows = await getDb().select(cardColumns).from(articles).orderBy(asc(articles.title));
    return rows.map(toCard);
  },
  ["all-articles"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

export const listArticlesByLetter = unstable_cache(
  async (letter: string): Promise<ArticleCard[]> => {
    const rows = await getDb().select(cardColumns).from(articles).where(eq(articles.letter, letter)).orderBy(asc(articles.title));
    return rows.map(toCard);
  },
  ["articles-by-letter"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

export const listLettersInUse = unstable_cache(
  async (): Promise<string[]> => {
    const rows = await getDb().selectDistinct({ letter: articles.letter }).from(articles).orderBy(asc(articles.letter));
    return rows.map((r) => r.letter);
  },
  ["letters-in-use"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

export const listArticlesInCategory = unstable_cache(
  async (category: string): Promise<ArticleCard[]> => {
    const rows = await getDb()
      .select(cardColumns)
      .from(articles)
      .where(sql`${category} = any(${articles.categories})`)
      .orderBy(asc(articles.title));
    return rows.map(toCard);
  },
  ["articles-in-category"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

export const listCategories = unstable_cache(
  async (): Promise<{ name: string; count: number }[]> => {
    const rows = await getDb()
      .select({ name: sql<string>`unnest(${articles.categories})`.as("name") })
      .from(articles);
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
    return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => a.name.localeCompare(b.name));
  },
  ["categories"],
  { tags: [LISTINGS_TAG], revalidate: 3600 },
);

export type RevisionPage = { id: number; articleSlug: string; source: string; createdAt: string; isCurrent: boolean; authorName: string; summary: string };

async function lookupRevision(slug: string, id: number): Promise<RevisionPage | null> {
  const [row] = await getDb()
    .select({
      id: revisions.id,
      articleSlug: articles.slug,
      source: revisions.source,
      createdAt: revisions.createdAt,
      currentRevisionId: articles.currentRevisionId,
      authorName: users.displayName,
      summary: revisions.summary,
    })
    .from(revisions)
    .innerJoin(articles, eq(articles.id, revisions.articleId))
    .leftJoin(users, eq(users.id, revisions.authorId))
    .where(eq(revisions.id, id))
    .limit(1);
  if (!row || row.articleSlug !== slug) return null;
  return {
    id: row.id,
    articleSlug: row.articleSlug,
    source: row.source,
    createdAt: row.createdAt.toISOString(),
    isCurrent: row.currentRevisionId === row.id,
    authorName: row.authorName ?? "former contributor",
    summary: row.summary,
  };
}

/** One revision of an article (revisions never change; the article's tag covers "is it current"). */
export function getRevision(slug: string, id: number): Promise<RevisionPage | null> {
  return unstable_cache(() => lookupRevision(slug, id), ["revision", slug, String(id)], { tags: [articleTag(slug)], revalidate: false })();
}

/**
 * The lists an article page shows beside itself (related, latest). Untagged on purpose: they refresh
 * hourly, so that one approval does not expire every article page (DESIGN §5).
 */
export const listSidebarCards = unstable_cache(
  async (): Promise<{ all: ArticleCard[]; latest: ArticleCard[] }> => {
    const rows = (await getDb().select(cardColumns).from(articles).orderBy(asc(articles.title))).map(toCard);
    const latest = [...rows].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 6);
    return { all: rows, latest };
  },
  ["sidebar-cards"],
  { revalidate: 3600 },
);

/** The slug of one article chosen at random (for /random), or null when there are none. Never cached. */
export async function pickRandomArticleSlug(): Promise<string | null> {
  const [row] = await getDb()
    .select({ slug: articles.slug })
    .from(articles)
    .orderBy(sql`random()`)
    .limit(1);
  return row?.slug ?? null;
}
