import { formatLongDate } from "@/lib/format";
import type { ReviewBadgeModel } from "@/lib/reviews/reviews";
import "./review-badge.css";

/** Why a review no longer vouches for the text, in plain words; null while it holds. */
function expiredBecause(review: ReviewBadgeModel): string | null {
  const { byChange, byTime } = review.status;
  const age = `more than ${review.validMonths} ${review.validMonths === 1 ? "month" : "months"} old`;
  if (byChange && byTime) return `the article has changed a lot since, and the review is ${age}`;
  if (byChange) return "the article has changed a lot since";
  if (byTime) return `review is ${age}`;
  return null;
}

/** "Reviewed by <name>, <credential>, on <date> (revision <n>)", the note on request; an expired review says so and claims nothing current. */
export function ReviewBadge({ review, slug }: { review: ReviewBadgeModel; slug: string }) {
  const expired = expiredBecause(review);
  return (
    <aside className={`review-badge${expired ? " review-badge--expired" : ""}`} aria-label="Expert review" data-testid="review-badge">
      <p>
        Reviewed by {review.reviewerName}, {review.credential}, on <time dateTime={review.createdAt}>{formatLongDate(review.createdAt)}</time> (
        <a href={`/wiki/${slug}/revisions/${review.revisionId}`}>revision {review.revisionId}</a>)
        {expired ? ` — ${expired}.` : review.current ? "." : "; the article has had small edits since."}
      </p>
      <details>
        <summary>Reviewer&apos;s note</summary>
        <p>{review.note}</p>
      </details>
    </aside>
  );
}
