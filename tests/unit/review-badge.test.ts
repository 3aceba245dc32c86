import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReviewBadge } from "@/app/_components/review-badge";
import type { ReviewBadgeModel } from "@/lib/reviews/reviews";

const base: ReviewBadgeModel = {
  reviewerName: "Dr Ada Reviewer",
  credential: "PhD, clinical psychology",
  note: "Checked the lead <and> the sources.",
  revisionId: 42,
  changedShare: 0,
  createdAt: "2026-03-05T10:00:00.000Z",
  status: { expired: false, byTime: false, byChange: false },
  validMonths: 12,
  current: true,
};
const text = (review: Partial<ReviewBadgeModel>) =>
  renderToStaticMarkup(ReviewBadge({ review: { ...base, ...review }, slug: "ghosting" }))
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'");

describe("the review badge says what the review covers", () => {
  it("a current review: name, credential, date and revision, the note on request (escaped)", () => {
    expect(text({})).toBe(
      "Reviewed by Dr Ada Reviewer, PhD, clinical psychology, on 5 March 2026 (revision 42).Reviewer's noteChecked the lead &lt;and&gt; the sources.",
    );
    expect(renderToStaticMarkup(ReviewBadge({ review: base, slug: "ghosting" }))).toContain('href="/wiki/ghosting/revisions/42"');
  });
  it("a review of an earlier revision still within the limits says there were small edits", () => {
    expect(text({ current: false, changedShare: 0.05 })).toContain("(revision 42); the article has had small edits since.");
  });
  it("an expired review says why, and never claims a current review", () => {
    expect(text({ status: { expired: true, byTime: false, byChange: true } })).toContain("(revision 42) — the article has changed a lot since.");
    expect(text({ status: { expired: true, byTime: true, byChange: false } })).toContain("(revision 42) — review is more than 12 months old.");
    expect(text({ status: { expired: true, byTime: true, byChange: true } })).toContain(
      "— the article has changed a lot since, and the review is more than 12 months old.",
    );
    expect(renderToStaticMarkup(ReviewBadge({ review: { ...base, status: { expired: true, byTime: true, byChange: false } }, slug: "x" }))).toContain(
      "review-badge--expired",
    );
  });
});
