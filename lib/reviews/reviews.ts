// Expert reviews of an article's current revision: marking one, the badge readers see, and the list history shows.
import "server-only";
import { desc, eq } from "drizzle-orm";
import { unstable_cache } from "next/cache";
import { z } from "zod";
import { canReview, type Actor } from "../auth/policy";
import { getDb, type Db } from "../db/client";
import { articleReviews, articles, auditLog } from "../db/schema";
import { articleTag } from "../articles/queries";
import { env } from "../env";
import { AppError } from "../errors";
import { reviewStatus, type ReviewStatus } from "./expiry";
import { getActiveExpertProfile } from "./profiles";

export const NOTE_MAX = 1000;

export const reviewNote = z
  .string({ error: "Write a note: what you checked, in a sentence or two." })
  .trim()
  .min(1, "Write a note: what you checked, in a sentence or two.")
  .max(NOTE_MAX, "Keep the note to 1,000 characters or fewer.");

export const reviewInput = z.object({
  slug: z.string().min(1, "Unknown article."),
  revisionId: z.coerce.number({ error: "Unknown revision." }).int("Unknown revision.").positive("Unknown revision."),
  note: reviewNote,
});

/** Marks the article's current revision reviewed by the actor's expert profile. A stale form is a conflict, never a review of another text. */
export async function markReviewed(db: Db, actor: Actor | null, input: z.input<typeof reviewInput>): Promise<{ slug: string; reviewId: number }> {
  if (!actor) throw new AppError("unauthorized", "Please sign in first.");
  const profile = await getActiveExpertProfile(db, actor.id);
  if (!canReview(actor, profile) || !profile) throw new AppError("forbidden", "Only experts with an active expert profile can mark an article reviewed.");
  const { slug, revisionId, note } = reviewInput.parse(input);
  return db.transaction(async (tx) => {
    const [article] = await tx
      .select({ id: articles.id, slug: articles.slug, currentRevisionId: articles.currentRevisionId })
      .from(articles)
      .where(eq(articles.slug, slug))
      .for("update");
    if (!article) throw new AppError("not_found", "That article does not exist.");
    if (article.currentRevisionId !== revisionId)
      throw new AppError(
        "conflict",
        `The article has changed since you opened this form: revision ${article.currentRevisionId} is now the current one, and your review was not saved. Read the current text, then review it again (your note is still here).`,
      );
    const [row] = await tx
      .insert(articleReviews)
      .values({ articleId: article.id, revisionId, reviewerId: actor.id, reviewerName: profile.displayName, credential: profile.credential, note })
      .returning({ id: articleReviews.id });
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: "article.reviewed",
      targetType: "article",
      targetId: String(article.id),
      details: { revisionId, reviewId: row.id },
    });
    return { slug: article.slug, reviewId: row.id };
  });
}

/** An article's reviews, newest first (history interleaves them with the revisions). */
export async function listArticleReviews(db: Db, articleId: number) {
  return db
    .select({
      id: articleReviews.id,
      revisionId: articleReviews.revisionId,
      reviewerName: articleReviews.reviewerName,
      credential: articleReviews.credential,
      note: articleReviews.note,
      changedShare: articleReviews.changedShare,
      createdAt: articleReviews.createdAt,
    })
    .from(articleReviews)
    .where(eq(articleReviews.articleId, articleId))
    .orderBy(desc(articleReviews.createdAt), desc(articleReviews.id));
}

/** The latest review as cached with the article page (dates as strings: the cache stores JSON). */
export type StoredReview = {
  reviewerName: string;
  credential: string;
  note: string;
  revisionId: number;
  changedShare: number;
  createdAt: string;
};

async function latestReview(articleId: number): Promise<StoredReview | null> {
  const [row] = await getDb()
    .select({
      reviewerName: articleReviews.reviewerName,
      credential: articleReviews.credential,
      note: articleReviews.note,
      revisionId: articleReviews.revisionId,
      changedShare: articleReviews.changedShare,
      createdAt: articleReviews.createdAt,
    })
    .from(articleReviews)
    .where(eq(articleReviews.articleId, articleId))
    .orderBy(desc(articleReviews.createdAt), desc(articleReviews.id))
    .limit(1);
  return row ? { ...row, createdAt: row.createdAt.toISOString() } : null;
}

/** What the review badge shows: the latest review and whether it still holds. */
export type ReviewBadgeModel = StoredReview & { status: ReviewStatus; validMonths: number; current: boolean };

/** The article page's review badge; cached with the page's own tag, so a review or a publication refreshes it. */
export async function getReviewBadge(article: { id: number; slug: string; revisionId: number }, now = new Date()): Promise<ReviewBadgeModel | null> {
  const review = await unstable_cache(() => latestReview(article.id), ["article-review", String(article.id)], {
    tags: [articleTag(article.slug)],
    revalidate: false,
  })();
  if (!review) return null;
  const e = env();
  const limits = { validMonths: e.REVIEW_VALID_MONTHS, changeShare: e.REVIEW_CHANGE_SHARE };
  const status = reviewStatus({ createdAt: new Date(review.createdAt), changedShare: review.changedShare }, now, limits);
  return { ...review, status, validMonths: limits.validMonths, current: review.revisionId === article.revisionId };
}
