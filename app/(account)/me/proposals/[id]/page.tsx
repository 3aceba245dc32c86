import { env } from "@/lib/env";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ArticleDiffView } from "@/app/_components/article-diff";
import { StatusBadge } from "@/app/_components/status-badge";
import { sourceToFields } from "@/lib/articles/editor-model";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { compareSources } from "@/lib/moderation/diff";
import { getProposalDetail } from "@/lib/moderation/review";
import { compareArticles } from "@/lib/moderation/structured-diff";
import { idParam, readParam } from "@/lib/params";
import { ArticleEditor } from "../../../contribute/editor";

export const metadata: Metadata = { title: "Proposal", robots: { index: false } };

export default async function MyProposalPage({ params }: { params: Promise<{ id: string }> }) {
  const id = readParam(idParam, (await params).id, "encoded");
  if (!id) notFound();
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=/me/proposals/${id}`);
  let detail;
  try {
    detail = await getProposalDetail(getDb(), user, id);
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
  if (!detail.isAuthor) redirect(`/moderation/${id}`);
  const { proposal } = detail;
  const canResubmit = proposal.status === "changes_requested" || proposal.status === "conflicted";
  return (
    <div>
      <h1>Your proposal: {detail.articleTitle ?? "new article"}</h1>
      <p>
        Status: <StatusBadge status={proposal.status} />. Summary: {proposal.summary}
      </p>
      {proposal.reviewNote && <p className="review-note">Moderator&apos;s note: {proposal.reviewNote}</p>}
      {proposal.status === "conflicted" && (
        <section aria-labelledby="both-versions">
          <h2 id="both-versions">Both versions</h2>
          <p>
            The article changed after you started, in the same places as your change. Below: what changed between the current article and your text. Your text
            is in the editor further down; the resubmission will be based on the current article.
          </p>
          <ArticleDiffView
            diff={compareArticles(detail.currentSource, proposal.source)}
            raw={compareSources(detail.currentSource, proposal.source)}
            label="Current article → your version"
          />
        </section>
      )}
      {!canResubmit && <ArticleDiffView diff={detail.articleDiff} raw={detail.diff} label="Your change" />}
      {canResubmit && (
        <section aria-labelledby="resubmit">
          <h2 id="resubmit">Revise and resubmit</h2>
          <ArticleEditor
            mode="resubmit"
            proposalId={proposal.id}
            initial={sourceToFields(proposal.source)}
            initialEditSummary={proposal.summary}
            draftKey={`attune-draft:proposal:${proposal.id}:${proposal.updatedAt.getTime()}`}
            maxSourceKb={env().MAX_SOURCE_KB}
          />
        </section>
      )}
      <p>
        <Link href="/me/proposals">Back to my proposals</Link>
      </p>
    </div>
  );
}
