// When an expert review stops vouching for an article: after REVIEW_VALID_MONTHS, or once more than REVIEW_CHANGE_SHARE
// of the reviewed revision's prose words has changed. Pure functions: the publish hook, the article badge and the
// re-review queue all count the same way.
//
// The changed share, precisely: the prose of two revisions (the body, section by section, paragraph by paragraph;
// front matter is not prose) compared with the moderation review's structured diff (compareArticles). Changed words
// are, for each word run of a changed paragraph, the larger of the words it deletes and the words it inserts (a
// replaced word counts once, not twice), plus every word of a paragraph or section added or removed whole. The share
// is changed words over the reviewed revision's prose words, capped at 1. So rewriting a fifth of the text, adding a
// fifth more, or deleting a fifth each come to 20%.
import { compareArticles, type ParagraphChange } from "../moderation/structured-diff";
import { wordCount, type DiffPart } from "../moderation/diff";

/** The definition above in one sentence, for the expert queue page. */
export const CHANGE_SHARE_DEFINITION =
  "Changed words are counted with the moderation diff of the article's prose: in each changed passage, the larger of the words removed and the words added (a replaced word counts once), plus every word of a paragraph added or removed; the share is that over the reviewed revision's prose words.";

export type ReviewLimits = { validMonths: number; changeShare: number };

/** The moment a review made at `createdAt` runs out of time: the same day `months` calendar months later (end of month if shorter). */
export function reviewValidUntil(createdAt: Date, months: number): Date {
  const d = new Date(createdAt.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

export type ReviewStatus = {
  expired: boolean;
  /** More than `validMonths` old. */
  byTime: boolean;
  /** More than `changeShare` of the prose changed since the reviewed revision. */
  byChange: boolean;
};

/** Whether a review still holds at `now`. At the boundary it still holds: expiry needs more than the limit. */
export function reviewStatus(review: { createdAt: Date; changedShare: number }, now: Date, limits: ReviewLimits): ReviewStatus {
  const byTime = now.getTime() > reviewValidUntil(review.createdAt, limits.validMonths).getTime();
  const byChange = review.changedShare > limits.changeShare;
  return { expired: byTime || byChange, byTime, byChange };
}

/** Changed words of one paragraph's word runs: per run (removed text, then added text), the larger of the two. */
function runWords(runs: DiffPart[]): number {
  let total = 0;
  let removed = 0;
  let added = 0;
  const close = () => {
    total += Math.max(removed, added);
    removed = 0;
    added = 0;
  };
  for (const part of runs) {
    if (part.kind === "same") close();
    else if (part.kind === "removed") {
      if (added > 0) close();
      removed += wordCount(part.text);
    } else added += wordCount(part.text);
  }
  close();
  return total;
}

const paragraphChanged = (p: ParagraphChange) => (p.kind === "changed" ? runWords(p.runs) : p.kind === "same" ? 0 : wordCount(p.block.text));

/**
 * The share of `reviewedSource`'s prose words changed in `currentSource` (0–1), as defined at the top of this module.
 * A source that does not parse counts as changed whole.
 */
export function proseChangeShare(reviewedSource: string, currentSource: string, budgetMs?: number): { changed: number; reviewedWords: number; share: number } {
  const diff = compareArticles(reviewedSource, currentSource, budgetMs);
  if (!diff.ok) return { changed: 0, reviewedWords: 0, share: 1 };
  let changed = 0;
  let reviewedWords = 0;
  for (const section of diff.sections) {
    for (const block of section.before?.blocks ?? []) reviewedWords += wordCount(block.text);
    for (const p of section.paragraphs) changed += paragraphChanged(p);
  }
  if (reviewedWords === 0) return { changed, reviewedWords, share: changed > 0 ? 1 : 0 };
  return { changed, reviewedWords, share: Math.min(1, changed / reviewedWords) };
}
