// Article history: every revision, diffs between any two, and reverts (a revert is a new revision).
import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { publishRevision } from "../articles/publish";
import { requirePermission } from "../auth/guard";
import type { Actor } from "../auth/policy";
import type { Db } from "../db/client";
import { articles, auditLog, revisions, users } from "../db/schema";
import { AppError } from "../errors";
import { compareSources } from "./diff";
import { compareArticles } from "./structured-diff";
import { FORMER_CONTRIBUTOR } from "../auth/accounts";

export async function listRevisions(db: Db, slug: string) {
  const [article] = await db
    .select({ id: articles.id, title: articles.title, slug: articles.slug, currentRevisionId: articles.currentRevisionId })
    .from(articles)
    .where(eq(articles.slug, slug));
  if (!article) return null;
  const rows = await db
    .select({
      id: revisions.id,
      kind: revisions.kind,
      summary: revisions.summary,
      createdAt: revisions.createdAt,
      authorName: users.displayName,
      size: sql<number>`cast(length(replace(${revisions.source}, chr(13), '')) as integer)`,
      parentId: revisions.parentId,
    })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.authorId))
    .where(eq(revisions.articleId, article.id))
    .orderBy(desc(revisions.createdAt), desc(revisions.id));
  return {
    article,
    // The size is counted in the database: a long history does not bring every revision's text back.
    revisions: rows.map((r) => ({
      ...r,
      authorName: r.authorName ?? FORMER_CONTRIBUTOR,
      size: Number(r.size),
      isCurrent: r.id === article.currentRevisionId,
    })),
  };
}

/** The structured and the raw diff (each within the diff budget) between two revisions of the same article. */
export async function diffRevisions(db: Db, slug: string, fromId: number, toId: number) {
  const [article] = await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug));
  if (!article) return null;
  const load = async (id: number) =>
    (
      await db
        .select({ id: revisions.id, articleId: revisions.articleId, source: revisions.source, createdAt: revisions.createdAt })
        .from(revisions)
        .where(eq(revisions.id, id))
    )[0];
  const [from, to] = await Promise.all([load(fromId), load(toId)]);
  if (!from || !to || from.articleId !== article.id || to.articleId !== article.id) return null;
  return { from, to, diff: compareSources(from.source, to.source), articleDiff: compareArticles(from.source, to.source) };
}

export async function revertToRevision(db: Db, actor: Actor | null, slug: string, revisionId: number) {
  const who = requirePermission(actor, "article:revert");
  return db.transaction(async (tx) => {
    const [article] = await tx
      .select({ id: articles.id, currentRevisionId: articles.currentRevisionId })
      .from(articles)
      .where(eq(articles.slug, slug))
      .for("update");
    if (!article) throw new AppError("not_found", "That article does not exist.");
    const [target] = await tx
      .select({ id: revisions.id, articleId: revisions.articleId, source: revisions.source })
      .from(revisions)
      .where(eq(revisions.id, revisionId));
    if (!target || target.articleId !== article.id) throw new AppError("not_found", "That revision does not belong to this article.");
    if (target.id === article.currentRevisionId) throw new AppError("conflict", "That revision is already the current one.");
    const published = await publishRevision(tx, {
      articleId: article.id,
      source: target.source,
      authorId: who.id,
      summary: `Reverted to revision ${target.id}`,
      kind: "revert",
    });
    await tx.insert(auditLog).values({
      actorId: who.id,
      action: "article.reverted",
      targetType: "article",
      targetId: String(article.id),
      details: { to: target.id, revisionId: published.revisionId },
    });
    return { slug: published.article.slug, previousSlug: published.previousSlug, revisionId: published.revisionId };
  });
}
