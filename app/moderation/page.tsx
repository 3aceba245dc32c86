import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formatMinutes } from "@/lib/format";
import { getQueueMetrics } from "@/lib/moderation/metrics";
import { listQueue, type QueueFilter, type QueueSort } from "@/lib/moderation/review";
import { isRiskKind, riskKinds, riskLabels, type RiskKind } from "@/lib/moderation/risk";
import { QueueMetricsView } from "./queue-metrics";
import { RiskFlags } from "./risk-flags";

export const metadata: Metadata = { title: "Moderation queue", robots: { index: false } };

const age = (from: Date, now: Date) => formatMinutes((now.getTime() - from.getTime()) / 60_000);

/** The queue's address with these choices (the defaults left out, so the plain queue stays /moderation). */
function queueHref(view: { filter: QueueFilter; flag: RiskKind | undefined; sort: QueueSort }): string {
  const q = new URLSearchParams();
  if (view.filter !== "all") q.set("filter", view.filter);
  if (view.flag) q.set("flag", view.flag);
  if (view.sort !== "oldest") q.set("sort", view.sort);
  const query = q.toString();
  return query ? `/moderation?${query}` : "/moderation";
}

const doneMessages: Record<string, string> = {
  approved: "Approved: the article is updated for readers.",
  conflicted: "The proposal overlapped with a later edit. It is marked conflicted and went back to its author with both versions.",
  rejected: "Rejected; the author has been told why.",
  changes: "Sent back to the author with your note.",
};

export default async function ModerationQueuePage({
  searchParams,
}: {
  searchParams: Promise<{ filter?: string; flag?: string; sort?: string; done?: string; slug?: string; merged?: string }>;
}) {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/moderation");
  if (!can(user, "proposal:review")) {
    return (
      <div className="prose-page">
        <h1>Moderation</h1>
        <p>Only moderators can review proposals.</p>
      </div>
    );
  }
  const sp = await searchParams;
  const filter: QueueFilter = sp.filter === "edits" || sp.filter === "new" ? sp.filter : "all";
  const flag = isRiskKind(sp.flag) ? sp.flag : undefined;
  const sort: QueueSort = sp.sort === "risk" ? "risk" : "oldest";
  const [{ items, counts }, metrics] = await Promise.all([listQueue(getDb(), user, filter, new Date(), { flag, sort }), getQueueMetrics(getDb(), user)]);
  const now = new Date();
  return (
    <div>
      <h1>Moderation queue</h1>
      {sp.done && doneMessages[sp.done] && (
        <p role="status" className="form-success">
          {doneMessages[sp.done]} {sp.merged && "It was merged with a later edit that did not overlap."}{" "}
          {sp.slug && <Link href={`/wiki/${sp.slug}`}>See the article</Link>}
        </p>
      )}
      <p>
        <strong data-testid="pending-count">{counts.pending ?? 0}</strong> pending · {counts.approved ?? 0} approved · {counts.rejected ?? 0} rejected ·{" "}
        {counts.changes_requested ?? 0} sent back · {counts.conflicted ?? 0} conflicted
      </p>
      <QueueMetricsView metrics={metrics} now={now} />
      <nav aria-label="Filter proposals" className="filters">
        {(["all", "edits", "new"] as const).map((f) => (
          <Link key={f} href={queueHref({ filter: f, flag, sort })} aria-current={filter === f ? "page" : undefined}>
            {f === "all" ? "All" : f === "edits" ? "Edits" : "New articles"}
          </Link>
        ))}
      </nav>
      <div className="queue-controls">
        <nav aria-labelledby="flag-filter-label">
          <span id="flag-filter-label">Risk flag:</span>{" "}
          <ul>
            <li>
              <Link href={queueHref({ filter, flag: undefined, sort })} aria-current={flag === undefined ? "page" : undefined}>
                Any
              </Link>
            </li>
            {riskKinds.map((k) => (
              <li key={k}>
                <Link href={queueHref({ filter, flag: k, sort })} aria-current={flag === k ? "page" : undefined}>
                  {riskLabels[k]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <nav aria-labelledby="sort-label">
          <span id="sort-label">Order:</span>{" "}
          <ul>
            <li>
              <Link href={queueHref({ filter, flag, sort: "oldest" })} aria-current={sort === "oldest" ? "page" : undefined}>
                Oldest first
              </Link>
            </li>
            <li>
              <Link href={queueHref({ filter, flag, sort: "risk" })} aria-current={sort === "risk" ? "page" : undefined}>
                Most flags first
              </Link>
            </li>
          </ul>
        </nav>
      </div>
      {items.length === 0 ? (
        <p>{flag ? `No pending proposal has the flag “${riskLabels[flag]}”.` : "Nothing is waiting for review."}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">
            Pending proposals{flag ? ` flagged “${riskLabels[flag]}”` : ""}, {sort === "risk" ? "most risk flags first" : "oldest first"}
          </caption>
          <thead>
            <tr>
              <th scope="col">Article</th>
              <th scope="col">Author</th>
              <th scope="col">Summary</th>
              <th scope="col">Waiting</th>
              <th scope="col">Size</th>
              <th scope="col">Risk flags</th>
              <th scope="col">Review</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td>{p.isNew ? "New article" : p.articleTitle}</td>
                <td>{p.authorName}</td>
                <td>{p.summary}</td>
                <td>{age(p.createdAt, now)}</td>
                <td>
                  +{p.wordsAdded} / −{p.wordsRemoved} words
                </td>
                <td>
                  <RiskFlags flags={p.riskFlags} compact />
                </td>
                <td>
                  <Link href={`/moderation/${p.id}`}>{p.ownProposal ? "View (yours)" : "Review"}</Link>
                  {p.claimedBy && <span className="hint"> · claimed by {p.claimedBy}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
