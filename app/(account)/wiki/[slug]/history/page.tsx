import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArticleDiffView } from "@/app/_components/article-diff";
import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { diffRevisions, listRevisions } from "@/lib/moderation/history";
import { formatDateTime } from "@/lib/format";
import { idParam, readParam, slugParam } from "@/lib/params";
import { isActiveExpert } from "@/lib/reviews/profiles";
import { listArticleReviews } from "@/lib/reviews/reviews";
import { RevertButton } from "./revert-button";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ from?: string; to?: string; reverted?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const slug = readParam(slugParam, (await params).slug, "decoded");
  return { title: slug ? `History of ${slug}` : "Page not found", robots: { index: false } };
}

export default async function HistoryPage({ params, searchParams }: Props) {
  const [raw, sp] = await Promise.all([params, searchParams]);
  const slug = readParam(slugParam, raw.slug, "encoded");
  if (!slug) notFound();
  const db = getDb();
  // A repeated or out-of-range revision number just means no comparison.
  const from = idParam.safeParse(sp.from).data;
  const to = idParam.safeParse(sp.to).data;
  const [history, user, comparison] = await Promise.all([listRevisions(db, slug), getCurrentUser(), from && to ? diffRevisions(db, slug, from, to) : null]);
  if (!history) notFound();
  const mayRevert = can(user, "article:revert");
  const [reviews, expert] = await Promise.all([listArticleReviews(db, history.article.id), isActiveExpert(db, user)]);
  // Reviews interleaved with the revisions, newest first: a review sits above the revision it was made of.
  const entries = [
    ...history.revisions.map((r, i) => ({ kind: "revision" as const, at: r.createdAt, revision: r, index: i })),
    ...reviews.map((r) => ({ kind: "review" as const, at: r.createdAt, review: r })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.kind === b.kind ? 0 : a.kind === "review" ? -1 : 1));
  const columns = mayRevert ? 7 : 6;
  return (
    <div>
      <h1>History of “{history.article.title}”</h1>
      <p>
        <Link href={`/wiki/${slug}`}>Back to the article</Link>. Every approved change is a revision; nothing is ever deleted. Choose two revisions to compare
        them.
        {expert && (
          <>
            {" "}
            <Link href={`/wiki/${slug}/review`}>Review the current revision</Link>.
          </>
        )}
      </p>
      {sp.reverted && (
        <p role="status" className="form-success">
          Reverted: the article now shows that text again, as a new revision.
        </p>
      )}
      {comparison && (
        <section aria-labelledby="comparison">
          <h2 id="comparison">
            Revision {comparison.from.id} → revision {comparison.to.id}
          </h2>
          <ArticleDiffView diff={comparison.articleDiff} raw={comparison.diff} label="Changes" />
        </section>
      )}
      {/* The radios belong to this form by id, so revert buttons (their own forms) are not nested in it. */}
      <form id="compare" method="get" action={`/wiki/${slug}/history`} />
      <table className="data-table">
        <caption className="visually-hidden">Revisions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Revision</th>
            <th scope="col">By</th>
            <th scope="col">Summary</th>
            <th scope="col">Size</th>
            {mayRevert && <th scope="col">Revert</th>}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            if (entry.kind === "review") {
              const v = entry.review;
              return (
                <tr key={`review-${v.id}`} data-testid="review-row" className="history-review">
                  <td colSpan={columns}>
                    <time dateTime={v.createdAt.toISOString()}>{formatDateTime(v.createdAt)}</time>: Reviewed by {v.reviewerName}, {v.credential} (
                    <Link href={`/wiki/${slug}/revisions/${v.revisionId}`}>revision {v.revisionId}</Link>): {v.note}
                  </td>
                </tr>
              );
            }
            const { revision: r, index: i } = entry;
            return (
              <tr key={r.id} data-testid="revision-row">
                <td>
                  <input form="compare" type="radio" name="from" value={r.id} defaultChecked={i === 1} aria-label={`Compare from revision ${r.id}`} />
                </td>
                <td>
                  <input form="compare" type="radio" name="to" value={r.id} defaultChecked={i === 0} aria-label={`Compare to revision ${r.id}`} />
                </td>
                <td>
                  <Link href={`/wiki/${slug}/revisions/${r.id}`}>{r.id}</Link> · <time dateTime={r.createdAt.toISOString()}>{formatDateTime(r.createdAt)}</time>
                  {r.isCurrent && " (current)"}
                </td>
                <td>{r.authorName}</td>
                <td>{r.summary}</td>
                <td>{r.size.toLocaleString("en")} characters</td>
                {mayRevert && <td>{!r.isCurrent && <RevertButton slug={slug} revisionId={r.id} />}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {history.revisions.length > 1 && (
        <p className="history-compare">
          <button form="compare" type="submit">
            Compare selected revisions
          </button>
        </p>
      )}
    </div>
  );
}
