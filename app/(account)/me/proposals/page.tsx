import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formatLongDate } from "@/lib/format";
import { listMyProposals } from "@/lib/moderation/proposals";
import { ActionButton } from "@/app/_components/action-button";
import { withdrawAction } from "../../contribute/actions";
import { StatusBadge } from "@/app/_components/status-badge";

export const metadata: Metadata = { title: "My proposals", robots: { index: false } };

export default async function MyProposalsPage({ searchParams }: { searchParams: Promise<{ submitted?: string; withdrawn?: string }> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/me/proposals");
  const [{ submitted, withdrawn }, items] = await Promise.all([searchParams, listMyProposals(getDb(), user.id)]);
  return (
    <div>
      <h1>My proposals</h1>
      {submitted && (
        <p role="status" className="form-success">
          Thank you: your proposal is waiting for review. You will get an email when a moderator decides.
        </p>
      )}
      {withdrawn && <p role="status">The proposal was withdrawn.</p>}
      <p>
        <Link href="/contribute/new">Propose a new article</Link>
      </p>
      {items.length === 0 ? (
        <p>You have not proposed anything yet. Every article has an “Edit” link.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Your proposals, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Article</th>
              <th scope="col">Summary</th>
              <th scope="col">Status</th>
              <th scope="col">Sent</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id} data-testid={`proposal-${p.id}`}>
                <td>{p.articleTitle ? <Link href={`/wiki/${p.articleSlug}`}>{p.articleTitle}</Link> : "New article"}</td>
                <td>
                  {p.summary}
                  {p.reviewNote && <p className="review-note">Moderator&apos;s note: {p.reviewNote}</p>}
                </td>
                <td>
                  <StatusBadge status={p.status} />
                  {p.merged && " (merged with later edits)"}
                </td>
                <td>
                  <time dateTime={p.createdAt.toISOString()}>{formatLongDate(p.createdAt)}</time>
                </td>
                <td>
                  <Link href={`/me/proposals/${p.id}`}>{p.status === "changes_requested" || p.status === "conflicted" ? "Revise and resubmit" : "View"}</Link>
                  {p.status === "pending" && (
                    <ActionButton action={withdrawAction} fields={{ proposalId: p.id }} label="Withdraw" pendingLabel="Withdrawing…" />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
