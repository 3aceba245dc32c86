// What an admin sees before sending: the email exactly as a subscriber would get it, and a test copy to themselves.
import "server-only";
import { requirePermission } from "../auth/guard";
import type { Actor } from "../auth/policy";
import type { Db } from "../db/client";
import { send, type Email, type SendResult } from "../email";
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

/** Sends the saved version of an issue to the admin's own address, marked [Test]. */
export async function sendTestIssue(db: Db, actor: (Actor & { email: string }) | null, issueId: number): Promise<SendResult> {
  const admin = requirePermission(actor, "newsletter:manage");
  const issue = await getIssue(db, issueId);
  if (!issue) return { ok: false, reason: "failed", message: "This issue no longer exists." };
  const email = issueEmail(await renderIssue(issue), admin.email, unsubscribeTokenFor(admin.email), { test: true });
  return send(email);
}
