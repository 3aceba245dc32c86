// The publish hook: after each publication, the article's latest review learns how much of its reviewed prose has
// changed (article_reviews.changed_share). One indexed read of the latest review, one of its revision's source, one
// structured diff and one update, and only for a reviewed article: every other publication costs one index probe.
import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Tx } from "../db/client";
import { articleReviews, revisions } from "../db/schema";
import { proseChangeShare } from "./expiry";

export async function refreshLatestReviewShare(tx: Tx, articleId: number, currentSource: string): Promise<void> {
  const [latest] = await tx
    .select({ id: articleReviews.id, source: revisions.source })
    .from(articleReviews)
    .innerJoin(revisions, eq(revisions.id, articleReviews.revisionId))
    .where(eq(articleReviews.articleId, articleId))
    .orderBy(desc(articleReviews.createdAt), desc(articleReviews.id))
    .limit(1);
  if (!latest) return;
  const { share } = proseChangeShare(latest.source, currentSource);
  await tx.update(articleReviews).set({ changedShare: share }).where(eq(articleReviews.id, latest.id));
}
