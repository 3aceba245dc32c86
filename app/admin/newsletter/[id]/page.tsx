import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getIssue } from "@/lib/newsletter/issues";
import { issuePath } from "@/lib/newsletter/links";
import { idParam, readParam } from "@/lib/params";
import { previewIssueEmail } from "@/lib/newsletter/preview";
import { sendProgress } from "@/lib/newsletter/send";
import { subscriberCounts } from "@/lib/newsletter/subscribers";
import { ActionButton } from "@/app/_components/action-button";
import { resumeSendAction } from "../actions";
import { IssueForm } from "../issue-form";
import { SendProgressView } from "../progress";
import { SendForm } from "../send-form";
import "@/app/_components/newsletter.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Newsletter issue", robots: { index: false } };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string; tested?: string }> };

export default async function AdminIssuePage({ params, searchParams }: Props) {
  const [{ id: raw }, flags] = await Promise.all([params, searchParams]);
  const id = readParam(idParam, raw, "encoded");
  if (!id) notFound();
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/admin/newsletter/${id}`)}`);
  if (!can(user, "newsletter:manage")) {
    return (
      <div className="prose-page">
        <h1>Newsletter</h1>
        <p>Your account is not allowed to manage the newsletter.</p>
      </div>
    );
  }
  const db = getDb();
  const [issue, progress, counts] = await Promise.all([getIssue(db, id), sendProgress(db, id), subscriberCounts(db)]);
  if (!issue || !progress) notFound();
  const preview = await previewIssueEmail(issue, user.email);

  return (
    <div className="nl-admin">
      <p className="breadcrumbs">
        <Link href="/admin/newsletter">Newsletter</Link> › Issue
      </p>
      <h1>{issue.subject}</h1>
      <div role="status">
        {issue.status === "draft" && flags.saved && <p className="newsletter-result">Draft saved. The preview below shows it.</p>}
        {issue.status === "draft" && flags.tested && <p className="newsletter-result">Draft saved, and a test copy is on its way to {user.email}.</p>}
      </div>

      {issue.status === "draft" ? (
        <section aria-labelledby="nl-edit">
          <h2 id="nl-edit">Edit draft</h2>
          <IssueForm issue={{ id: issue.id, subject: issue.subject, markdown: issue.markdown }} />
        </section>
      ) : (
        <>
          <p>
            This issue is {issue.status === "sent" ? "sent" : "being sent"} and can no longer be changed. Its public page:{" "}
            <Link href={issuePath(issue.slug)}>{issuePath(issue.slug)}</Link>
          </p>
          <SendProgressView initial={progress} />
          {issue.status === "sending" && <ActionButton action={resumeSendAction} fields={{ id: issue.id }} label="Resume sending" className="" />}
        </>
      )}

      <section className="nl-preview" aria-labelledby="nl-preview-heading">
        <h2 id="nl-preview-heading">Preview</h2>
        <p>
          As {user.email} would receive it: subject <strong>{preview.subject}</strong>, with your own unsubscribe link.
        </p>
        <h3>HTML part</h3>
        {/* sandbox="" runs no script and gives the email no access to this page. */}
        <iframe title="HTML part of the email" sandbox="" srcDoc={preview.html} />
        <h3>Plain-text part</h3>
        <pre data-testid="nl-preview-text">{preview.text}</pre>
        <h3>Headers</h3>
        <dl>
          {Object.entries(preview.headers ?? {}).map(([name, value]) => (
            <div key={name} style={{ display: "contents" }}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      {issue.status === "draft" && <SendForm issueId={issue.id} confirmed={counts.confirmed} />}
    </div>
  );
}
