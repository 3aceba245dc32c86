// Emails to authors about their proposals. Sent after the decision is committed; a failed email is
// logged, never allowed to undo the decision.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { send } from "../email";
import { renderEmail } from "../email/templates";
import { absoluteUrl } from "../site";

export type ProposalOutcome = "approved" | "rejected" | "changes_requested" | "conflicted";

const wording: Record<ProposalOutcome, { subject: string; lead: string }> = {
  approved: { subject: "Your proposal was approved", lead: "A moderator approved your proposal, and the article now shows your change. Thank you." },
  rejected: { subject: "Your proposal was not accepted", lead: "A moderator reviewed your proposal and decided not to publish it." },
  changes_requested: { subject: "Changes requested on your proposal", lead: "A moderator asked for changes before your proposal can be published. You can edit and resubmit it." },
  conflicted: {
    subject: "Your proposal needs updating",
    lead: "The article changed after you started editing, and the changes overlap with yours. Your text is kept: open it to see both versions and resubmit on the current article.",
  },
};

export async function notifyAuthor(db: Db, input: { authorId: string | null; proposalId: number; articleTitle: string; outcome: ProposalOutcome; note?: string | null }) {
  if (!input.authorId) return;
  const [author] = await db.select({ email: users.email }).from(users).where(eq(users.id, input.authorId));
  if (!author?.email) return;
  const w = wording[input.outcome];
  const { html, text } = renderEmail({
    heading: `${w.subject}: ${input.articleTitle}`,
    paragraphs: [w.lead, ...(input.note ? [`The moderator's note: ${input.note}`] : [])],
    button: { label: "See your proposals", url: absoluteUrl("/me/proposals") },
    footer: ["You received this because you proposed a change on Attune."],
  });
  const result = await send({ to: author.email, subject: `${w.subject}: ${input.articleTitle}`, html, text, tag: `proposal-${input.outcome}` });
  if (!result.ok) console.error(`Could not email the author of proposal ${input.proposalId}: ${result.message}`);
}
