// The approved changes the per-article and per-category Atom feeds list: the latest revisions, bounded, cached with the
// same tags as the pages they follow, so an approval that refreshes a page refreshes its feed.
import "server-only";
import { desc, eq } from "drizzle-orm";
import { unstable_cache } from "next/cache";
import { getDb } from "../db/client";
import { articleCategories, articles, revisions, users } from "../db/schema";
import type { FeedChange } from "./feed";
import { articleTag, LISTINGS_TAG } from "./queries";
import { FORMER_CONTRIBUTOR } from "../auth/accounts";

/** How many changes a feed lists (the newest). */
export const FEED_CHANGES_LIMIT = 50;

const changeColumns = {
  revisionId: revisions.id,
  parentId: revisions.parentId,
  slug: articles.slug,
  title: articles.title,
  summary: revisions.summary,
  authorName: users.displayName,
  createdAt: revisions.createdAt,
};

type ChangeRow = { revisionId: number; parentId: number | null; slug: string; title: string; summary: string; authorName: string | null; createdAt: Date };

const toChange = (r: ChangeRow): FeedChange => ({
  ...r,
  authorName: r.authorName ?? FORMER_CONTRIBUTOR,
  createdAt: r.createdAt.toISOString(),
});

/** The article's latest approved changes, newest first; null when no article has this slug. */
export async function readArticleChanges(slug: string, limit = FEED_CHANGES_LIMIT): Promise<{ title: string; changes: FeedChange[] } | null> {
  const db = getDb();
  const [article] = await db.select({ id: articles.id, title: articles.title }).from(articles).where(eq(articles.slug, slug)).limit(1);
  if (!article) return null;
  // One range of revisions_article_created_idx, read backwards.
  const rows = await db
    .select(changeColumns)
    .from(revisions)
    .innerJoin(articles, eq(articles.id, revisions.articleId))
    .leftJoin(users, eq(users.id, revisions.authorId))
    .where(eq(revisions.articleId, article.id))
    .orderBy(desc(revisions.createdAt), desc(revisions.id))
    .limit(limit);
  return { title: article.title, changes: rows.map(toChange) };
}

/** The latest approved changes to any article in the category, newest first; null when the category has no articles. */
export async function readCategoryChanges(category: string, limit = FEED_CHANGES_LIMIT): Promise<FeedChange[] | null> {
  const rows = await getDb()
    .select(changeColumns)
    .from(articleCategories)
    .innerJoin(articles, eq(articles.id, articleCategories.articleId))
    .innerJoin(revisions, eq(revisions.articleId, articleCategories.articleId))
    .leftJoin(users, eq(users.id, revisions.authorId))
    .where(eq(articleCategories.category, category))
    .orderBy(desc(revisions.createdAt), desc(revisions.id))
    .limit(limit);
  if (rows.length === 0) return null;
  return rows.map(toChange);
}

/** Cached under the article's own tag: an approval, revert or rename of that article refreshes it. */
export function getArticleChanges(slug: string) {
  return unstable_cache(() => readArticleChanges(slug), ["article-changes", slug], { tags: [articleTag(slug)], revalidate: false })();
}

/** Cached under the listings' tag, which every approval expires (as the category page is). */
export const getCategoryChanges = unstable_cache((category: string) => readCategoryChanges(category), ["category-changes"], {
  tags: [LISTINGS_TAG],
  revalidate: 3600,
});

/** An Atom document as a response: public, and kept at the edge as briefly as the pages are. */
export const atomResponse = (body: string) =>
  new Response(body, {
    headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=0, s-maxage=1, stale-while-revalidate=1" },
  });

/** The feed addresses, for the routes and for the pages' <link rel="alternate">. */
export const articleChangesPath = (slug: string) => `/wiki/${encodeURIComponent(slug)}/changes.xml`;
export const categoryChangesPath = (name: string) => `/category/${encodeURIComponent(name)}/changes.xml`;
