import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ArticleView } from "@/app/_components/article-view";
import { ProseView } from "@/app/_components/prose-view";
import { ArticleDiffView } from "@/app/_components/article-diff";
import { StatusBadge } from "@/app/_components/status-badge";
import { getCurrentUser } from "@/lib/auth/session";
import { renderDraft, renderProse } from "@/lib/articles/view";
import { getDb } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { AppError } from "@/lib/errors";
import { getProposalDetail } from "@/lib/moderation/review";
import { changedLines, changedRowLabels } from "@/lib/moderation/structured-diff";
import { idParam, readParam } from "@/lib/params";
import { DecisionForm } from "../decision-form";
import { RiskFlags } from "../risk-flags";

export const metadata: Metadata = { title: "Review proposal", robots: { index: false } };

export default async function ReviewProposalPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ claimed?: string }> }) {
  const [{ id: raw }, { claimed }] = await Promise.all([params, searchParams]);
  const id = readParam(idParam, raw, "encoded");
  if (!id) notFound();
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=/moderation/${id}`);
  let detail;
  try {
    detail = await getProposalDetail(getDb(), user, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    if (error instanceof AppError) return <p role="alert">{error.message}</p>;
    throw error;
  }
  const { proposal } = detail;
  const structured = detail.articleDiff;
  const marks = structured.ok ? changedLines(structured) : [];
  const changedRows = structured.ok ? changedRowLabels(structured) : [];
  // The article as readers would see it after approval (marked where it changed), beside the version they see now.
  const [draft, current] = await Promise.all([
    renderDraft(proposal.source, { marks }),
    detail.articleTitle && detail.currentSource ? renderProse(detail.currentSource, { idPrefix: "now-" }) : Promise.resolve(null),
  ]);
  const preview = draft.ok ? draft.view : null;
  const title = detail.articleTitle ? `Edit to “${detail.articleTitle}”` : "New article";
  return (
    <div className="review">
      <p>
        <Link href="/moderation">← Moderation queue</Link>
      </p>
      <h1>
        {title} by {detail.authorName}
      </h1>
      <p>
        <StatusBadge status={proposal.status} /> · sent <time dateTime={proposal.createdAt.toISOString()}>{formatDateTime(proposal.createdAt)}</time> · summary:
        “{proposal.summary}”
      </p>
      <RiskFlags flags={proposal.riskFlags} />
      {claimed && <p role="status">You have claimed this proposal for 30 minutes.</p>}
      {detail.claim && !detail.claim.byMe && <p className="notice">{detail.claim.by} is reviewing this proposal.</p>}
      {detail.articleChangedSinceBase && (
        <p className="notice">
          The article has changed since this proposal was written. Approving merges the two if they do not overlap; otherwise the proposal goes back to its
          author as conflicted.
        </p>
      )}
      <div className="review__layout">
        <div className="review__main">
          <ArticleDiffView
            diff={structured}
            raw={detail.diff}
            label={detail.articleTitle ? "Change against the revision it was based on" : "The proposed article"}
          />
        </div>
        <aside className="review__side" aria-label="Decision">
          {proposal.status === "pending" && detail.canReview && <DecisionForm proposalId={proposal.id} canClaim={!detail.claim?.byMe} />}
          {proposal.status === "pending" && !detail.canReview && <p className="notice">This is your own proposal: another moderator has to review it.</p>}
          {detail.pastProposals.length > 0 && (
            <section aria-labelledby="past">
              <h2 id="past">The author&apos;s other proposals</h2>
              <ul>
                {detail.pastProposals.map((p) => (
                  <li key={p.id}>
                    {p.summary} — <StatusBadge status={p.status} />
                  </li>
                ))}
              </ul>
            </section>
          )}
        </aside>
      </div>
      <section aria-labelledby="rendered" className="editor-preview review__rendered">
        <h2 id="rendered">How it will look</h2>
        <p className="hint">A bar in the margin marks each changed paragraph, list or infobox row.</p>
        <div className={current ? "review__compare" : undefined}>
          <div>
            {current && <h3 className="review__side-title">After approval</h3>}
            {preview ? (
              <ArticleView view={preview} preview marks={{ infobox: changedRows }} />
            ) : (
              <div className="form-error" role="note">
                <p>This text cannot be shown as an article, so it cannot be approved as it is:</p>
                <ul>{draft.ok ? null : draft.errors.map((e) => <li key={e}>{e}</li>)}</ul>
              </div>
            )}
          </div>
          {current && (
            <div className="review__now">
              <h3 className="review__side-title">Now</h3>
              <ProseView title={current.title} body={current.body} />
            </div>
          )}
        </div>
      </section>
    </div>
  );
}
