// What an admin sees before sending: the email exactly as a subscriber would get it, and a test copy to themselves.
import "server-only";
import { requirePermission } from "../auth/guard";
import type { Actor } from "../auth/policy";
import type { Db } from "../db/client";
import { send, type Email } from "../email";
import { AppError } from "../errors";
import { absoluteUrl } from "../site";
import { getIssue } from "./issues";
import { issuePath } from "./links";
import { issueEmail, renderIssue } from "./render";
import { unsubscribeTokenFor } from "./tokens";

/** The email as `to` would receive it: HTML part, plain-text part and headers. */
export async function previewIssueEmail(issue: { slug: string; subject: string; markdown: string }, to: string): Promise<Email> {
  const webUrl = absoluteUrl(issuePath(issue.slug));
  return issueEmail(await renderIssue(issue, { webUrl }), to, unsubscribeTokenFor(to), { webUrl });
}

/** Sends the saved version of an issue to the admin's own address, marked [Test]; refuses (AppError) when it cannot. */
export async function sendTestIssue(db: Db, actor: (Actor & { email: string }) | null, issueId: number): Promise<void> {
  const admin = requirePermission(actor, "newsletter:manage");
  const issue = await getIssue(db, issueId);
  if (!issue) throw new AppError("not_found", "This issue no longer exists.");
  const sent = await send(issueEmail(await renderIssue(issue), admin.email, unsubscribeTokenFor(admin.email), { test: true }));
  if (sent.ok) return;
  throw new AppError(
    "unavailable",
    sent.reason === "disabled"
      ? "The draft is saved, but no test was sent: email is not configured on this site."
      : `The draft is saved, but the test email failed: ${sent.message}`,
  );
}
