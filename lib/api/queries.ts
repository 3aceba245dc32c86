// The API's reads that the site's pages do not already make: keyset pages of articles, categories and recent
// changes, one revision by id, an article's other addresses. Each is one bounded range of an index.
import "server-only";
import { and, asc, desc, eq, gt, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { articleAliases, articleCategories, articles, revisions, users } from "../db/schema";
import { listCategoryCounts } from "../articles/listing-counts";
import { evidenceLevelOf, type EvidenceLevel } from "../articles/evidence";
import type { TermType } from "../db/schema/articles";
import type { Cursor } from "./cursor";

import type { PublishedRevision } from "../articles/queries";
export { getPublishedRevision, type PublishedRevision } from "../articles/queries";
import { FORMER_CONTRIBUTOR } from "../auth/accounts";

export type SummaryRow = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  categories: string[];
  revisionId: number | null;
  updatedAt: Date;
  evidenceLevel: EvidenceLevel | null;
};

const summaryColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  summary: articles.summary,
  categories: articles.categories,
  revisionId: articles.currentRevisionId,
  updatedAt: articles.updatedAt,
  evidenceLevel: sql<string | null>`${articles.evidence}->>'level'`,
};
const toSummary = (r: Omit<SummaryRow, "evidenceLevel"> & { evidenceLevel: string | null }): SummaryRow => ({
  ...r,
  evidenceLevel: evidenceLevelOf(r.evidenceLevel),
});

/** A page of rows and whether another follows: one row more than asked is read to know. */
export type KeysetPage<T> = { rows: T[]; more: boolean };
const pageOf = <T>(rows: T[], limit: number): KeysetPage<T> => ({ rows: rows.slice(0, limit), more: rows.length > limit });

/** Every article once, by id (the primary key), from after the cursor. */
export async function listArticlesAfter(db: Db, after: Cursor<"articles"> | null, limit: number): Promise<KeysetPage<SummaryRow>> {
  const rows = await db
    .select(summaryColumns)
    .from(articles)
    .where(after ? gt(articles.id, after.id) : undefined)
    .orderBy(asc(articles.id))
    .limit(limit + 1);
  return pageOf(rows.map(toSummary), limit);
}

/** The articles of one category in title order (article_categories_title_idx), ties broken by id. */
export async function listCategoryArticlesAfter(db: Db, category: string, after: Cursor<"category"> | null, limit: number): Promise<KeysetPage<SummaryRow>> {
  const rows = await db
    .select(summaryColumns)
    .from(articleCategories)
    .innerJoin(articles, eq(articles.id, articleCategories.articleId))
    .where(
      and(
        eq(articleCategories.category, category),
        after
          ? or(gt(articleCategories.title, after.title), and(eq(articleCategories.title, after.title), gt(articleCategories.articleId, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(articleCategories.title), asc(articleCategories.articleId))
    .limit(limit + 1);
  return pageOf(rows.map(toSummary), limit);
}

/** Categories in name order with their article counts (kept at publication in article_counts), from after the cursor. */
export async function listCategoriesAfter(db: Db, after: Cursor<"categories"> | null, limit: number): Promise<KeysetPage<{ name: string; count: number }>> {
  return pageOf(await listCategoryCounts(db, { after: after?.name ?? null, limit: limit + 1 }), limit);
}

/** A change as the change list shows it: a published revision without its text and its place in the history. */
export type ChangeRow = Omit<PublishedRevision, "parentId" | "source" | "isCurrent">;

/**
 * Published revisions, newest first, before the cursor. Revisions are append-only and numbered as they are made, so
 * id order is publication order and the primary key serves the range.
 */
export async function listChangesBefore(db: Db, before: Cursor<"changes"> | null, limit: number): Promise<KeysetPage<ChangeRow>> {
  const rows = await db
    .select({
      revisionId: revisions.id,
      articleSlug: articles.slug,
      articleTitle: articles.title,
      kind: revisions.kind,
      summary: revisions.summary,
      authorName: users.displayName,
      createdAt: revisions.createdAt,
    })
    .from(revisions)
    .innerJoin(articles, eq(articles.id, revisions.articleId))
    .leftJoin(users, eq(users.id, revisions.authorId))
    .where(before ? lt(revisions.id, before.id) : undefined)
    .orderBy(desc(revisions.id))
    .limit(limit + 1);
  return pageOf(
    rows.map((r) => ({ ...r, authorName: r.authorName ?? FORMER_CONTRIBUTOR })),
    limit,
  );
}

/** An article's other addresses (article_aliases_article_idx), in slug order. */
export async function listArticleAliases(
  db: Db,
  articleId: number,
): Promise<{ slug: string; label: string; kind: "alias" | "former_slug"; termType: TermType | null }[]> {
  return db
    .select({ slug: articleAliases.slug, label: articleAliases.label, kind: articleAliases.kind, termType: articleAliases.termType })
    .from(articleAliases)
    .where(eq(articleAliases.articleId, articleId))
    .orderBy(asc(articleAliases.slug));
}
