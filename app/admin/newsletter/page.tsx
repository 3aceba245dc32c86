import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { listIssuesForAdmin } from "@/lib/newsletter/issues";
import { subscriberCounts } from "@/lib/newsletter/subscribers";
import { IssueForm } from "./issue-form";
import "@/app/_components/newsletter.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Newsletter", robots: { index: false } };

const statusLabel = { draft: "Draft", sending: "Sending", sent: "Sent" } as const;

export default async function AdminNewsletterPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/admin/newsletter");
  if (!can(user, "newsletter:manage")) {
    return (
      <div className="prose-page">
        <h1>Newsletter</h1>
        <p>Your account is not allowed to manage the newsletter. Ask an admin if you think it should be.</p>
      </div>
    );
  }
  const db = getDb();
  const [issues, counts] = await Promise.all([listIssuesForAdmin(db), subscriberCounts(db)]);
  return (
    <div className="nl-admin">
      <h1>Newsletter</h1>
      <section aria-labelledby="nl-subscribers">
        <h2 id="nl-subscribers">Subscribers</h2>
        <ul className="nl-counts">
          <li>
            <strong data-testid="nl-confirmed-count">{counts.confirmed}</strong> confirmed (they receive issues)
          </li>
          <li>
            <strong>{counts.pending}</strong> waiting to confirm
          </li>
          <li>
            <strong>{counts.unsubscribed}</strong> unsubscribed
          </li>
          <li>
            <strong>{counts.suppressed}</strong> suppressed (bounced or complained)
          </li>
        </ul>
      </section>
      <section aria-labelledby="nl-issues">
        <h2 id="nl-issues">Issues</h2>
        {issues.length === 0 ? (
          <p>No issues yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">Delivered</th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {issues.map((issue) => (
                <tr key={issue.id}>
                  <td>
                    <Link href={`/admin/newsletter/${issue.id}`}>{issue.subject}</Link>
                  </td>
                  <td>{statusLabel[issue.status]}</td>
                  <td>{issue.status === "draft" ? "—" : `${issue.sent} sent${issue.failed ? `, ${issue.failed} failed` : ""}`}</td>
                  <td>{formatDateTime(issue.sentAt ?? issue.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="nl-new">
        <h2 id="nl-new">New issue</h2>
        <IssueForm />
      </section>
    </div>
  );
}
