// Emails to authors about their proposals: a job enqueued in the decision's transaction (queueAuthorNotice), sent by
// a worker after the commit and retried there; a failed email never undoes the decision.
import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { users } from "../db/schema";
import { send, type SendResult } from "../email";
import { enqueue } from "../jobs/enqueue";
import { QUEUES } from "../jobs/queues";
import { renderEmail } from "../email/templates";
import { absoluteUrl } from "../site";

export type ProposalOutcome = "approved" | "rejected" | "changes_requested" | "conflicted";

const wording: Record<ProposalOutcome, { subject: string; lead: string }> = {
  approved: { subject: "Your proposal was approved", lead: "A moderator approved your proposal, and the article now shows your change. Thank you." },
  rejected: { subject: "Your proposal was not accepted", lead: "A moderator reviewed your proposal and decided not to publish it." },
  changes_requested: {
    subject: "Changes requested on your proposal",
    lead: "A moderator asked for changes before your proposal can be published. You can edit and resubmit it.",
  },
  conflicted: {
    subject: "Your proposal needs updating",
    lead: "The article changed after you started editing, and the changes overlap with yours. Your text is kept: open it to see both versions and resubmit on the current article.",
  },
};

export type NoticeInput = { authorId: string | null; proposalId: number; articleTitle: string; outcome: ProposalOutcome; note?: string | null };

/** Enqueues the author's email inside the decision's transaction, so a rolled-back decision mails nobody. */
export async function queueAuthorNotice(tx: Tx, input: NoticeInput): Promise<void> {
  if (!input.authorId) return; // a former contributor: nobody to tell
  await enqueue(tx, QUEUES.notices, { ...input, authorId: input.authorId });
}

/** Sends the email (the job's work). Null when there is nobody to send to. */
export async function notifyAuthor(db: Db, input: NoticeInput): Promise<SendResult | null> {
  if (!input.authorId) return null;
  const [author] = await db.select({ email: users.email }).from(users).where(eq(users.id, input.authorId));
  if (!author?.email) return null;
  const w = wording[input.outcome];
  const { html, text } = await renderEmail({
    heading: `${w.subject}: ${input.articleTitle}`,
    paragraphs: [w.lead, ...(input.note ? [`The moderator's note: ${input.note}`] : [])],
    button: { label: "See your proposals", url: absoluteUrl("/me/proposals") },
    footer: ["You received this because you proposed a change on Attune."],
  });
  // A decision happens once per proposal, so this key makes a retried job's second attempt a no-op at Resend.
  const idempotencyKey = `proposal-notice-${input.proposalId}-${input.outcome}`;
  const result = await send({ to: author.email, subject: `${w.subject}: ${input.articleTitle}`, html, text, tag: `proposal-${input.outcome}`, idempotencyKey });
  if (!result.ok) console.error(`Could not email the author of proposal ${input.proposalId}: ${result.message}`);
  return result;
}
