import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { formatCount, formatLongDate } from "@/lib/format";
import { CHANGE_SHARE_DEFINITION } from "@/lib/reviews/expiry";
import { isActiveExpert } from "@/lib/reviews/profiles";
import { formatQueueCursor, parseQueueCursor, readReviewQueue, type QueueRow } from "@/lib/reviews/queue";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Re-review queue", robots: { index: false } };

const percent = (share: number) => `${Math.round(share * 100)}%`;

function reason(row: QueueRow, months: number): string {
  const changed = `changed ${percent(row.changedShare ?? 0)} since the reviewed revision`;
  const old = `review more than ${months} months old`;
  switch (row.reason) {
    case "never":
      return "Never reviewed";
    case "time":
      return `Expired: ${old}`;
    case "changed":
      return `Expired: ${changed}`;
    case "time-and-changed":
      return `Expired: ${old}, and ${changed}`;
  }
}

export default async function ReviewQueuePage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/review");
  const db = getDb();
  if (!(await isActiveExpert(db, user)))
    return (
      <div className="prose-page">
        <h1>Re-review queue</h1>
        <p role="alert">This queue is for experts. An admin grants an expert profile to someone with a credential in the field; it is not a role.</p>
      </div>
    );
  // A cursor that does not parse is the first page.
  const cursor = parseQueueCursor((await searchParams).after);
  const e = env();
  const queue = await readReviewQueue(db, { validMonths: e.REVIEW_VALID_MONTHS, changeShare: e.REVIEW_CHANGE_SHARE }, cursor);
  return (
    <div>
      <h1>Re-review queue</h1>
      <p>
        Articles whose review has expired, and articles never reviewed: {formatCount(queue.total, "article")}. Sensitive articles come first; then the oldest
        review first, an article never reviewed counting as the oldest.
      </p>
      <p>
        A review expires {e.REVIEW_VALID_MONTHS} months after it was made, or once more than {percent(e.REVIEW_CHANGE_SHARE)} of the reviewed revision&apos;s
        prose has changed. {CHANGE_SHARE_DEFINITION}
      </p>
      <table className="data-table">
        <caption className="visually-hidden">Articles to review, first to do first</caption>
        <thead>
          <tr>
            <th scope="col">Article</th>
            <th scope="col">Last review</th>
            <th scope="col">Why it is here</th>
            <th scope="col">Review</th>
          </tr>
        </thead>
        <tbody>
          {queue.rows.map((row) => (
            <tr key={row.articleId} data-testid="review-queue-row">
              <td>
                <Link href={`/wiki/${row.slug}`}>{row.title}</Link>
                {row.sensitive && " (sensitive)"}
              </td>
              <td>{row.reviewedAt ? <time dateTime={row.reviewedAt.toISOString()}>{formatLongDate(row.reviewedAt)}</time> : "never"}</td>
              <td>{reason(row, e.REVIEW_VALID_MONTHS)}</td>
              <td>
                <Link href={`/wiki/${row.slug}/review`}>Review “{row.title}”</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(cursor || queue.next) && (
        <nav className="pager" aria-label="Queue pages">
          {cursor ? <Link href="/review">← First page</Link> : <span aria-hidden="true" />}
          {queue.next ? (
            <Link href={`/review?after=${encodeURIComponent(formatQueueCursor(queue.next))}`} rel="next">
              Next →
            </Link>
          ) : (
            <span aria-hidden="true" />
          )}
        </nav>
      )}
    </div>
  );
}
