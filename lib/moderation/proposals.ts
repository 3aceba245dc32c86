// Contributors' side: submit, withdraw and resubmit proposals. Nothing here publishes anything.
import "server-only";
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { renderUntrusted } from "../articles/render-pool";
import { errorFieldOf } from "../articles/fields";
import { normaliseSource, parseArticleSource, sourceSizeProblem } from "../articles/source";
import { requirePermission } from "../auth/guard";
import type { Actor } from "../auth/policy";
import type { Db } from "../db/client";
import { articleAliases, articles, auditLog, proposals, revisions, type ProposalStatus } from "../db/schema";
import { env } from "../env";
import { AppError } from "../errors";
import { fieldErrorsOf } from "../forms";
import { describeReset, hitRateLimit } from "../rate-limit";
import { findUnsafeCharacter, unsafeCharacterMessage } from "../text";
import { assessProposal } from "./risk-check";
import { autoWatchOnProposal } from "../watch/watches";

export type SubmitInput = { articleSlug?: string; baseRevisionId?: number; source: string; summary: string; acceptLicence: boolean };

export const proposalFormSchema = z.object({
  editSummary: z
    .string()
    .trim()
    .min(3, "Write an edit summary: a few words on what you changed and why.")
    .max(300, "Keep the edit summary under 300 characters.")
    .superRefine((v, ctx) => {
      const found = findUnsafeCharacter(v);
      if (found) ctx.addIssue({ code: "custom", message: unsafeCharacterMessage(found, false) });
    }),
  acceptLicence: z.literal(true, { error: "Tick the box to publish your contribution under CC BY-SA 4.0." }),
});

const RESUBMITTABLE: ProposalStatus[] = ["changes_requested", "conflicted"];
const WITHDRAWABLE: ProposalStatus[] = ["pending", "changes_requested", "conflicted"];

/** What is wrong with a source as text, before it is read as an article: its size, or a character no text may hold. */
export function sourceTextProblem(source: string): string | null {
  const tooLong = sourceSizeProblem(source, env().MAX_SOURCE_KB);
  if (tooLong) return tooLong;
  const unsafe = findUnsafeCharacter(source);
  return unsafe ? unsafeCharacterMessage(unsafe, true) : null;
}

/** Checks the text itself: size, format, and (for new articles) that its address is free. */
async function checkSource(db: Db, source: string, articleId: number | null): Promise<{ fieldErrors: Record<string, string>; slug?: string }> {
  const textProblem = sourceTextProblem(source);
  if (textProblem) return { fieldErrors: { source: textProblem } };
  const parsed = parseArticleSource(source);
  if (!parsed.ok) {
    const fieldErrors: Record<string, string> = {};
    for (const e of parsed.errors) {
      // Filed under the field's own input in the editor when it has one (fields.ts), else under the whole text.
      const field = e.field === "body" ? "body" : (errorFieldOf(e.field) ?? "source");
      fieldErrors[field] = fieldErrors[field]
        ? `${fieldErrors[field]} ${e.message}`
        : `${e.line && field === "source" ? `Line ${e.line}: ` : ""}${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.`;
    }
    return { fieldErrors };
  }
  try {
    // Rendered once now, off the main thread and within the time budget, so that no stored proposal is too slow to review.
    await renderUntrusted(parsed.value.body);
  } catch (error) {
    if (error instanceof AppError) return { fieldErrors: { body: error.message } };
    throw error;
  }
  const slug = parsed.value.slug;
  const [owner] = await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug)).limit(1);
  const [alias] = await db.select({ articleId: articleAliases.articleId }).from(articleAliases).where(eq(articleAliases.slug, slug)).limit(1);
  const ownerId = owner?.id ?? alias?.articleId;
  if (ownerId !== undefined && ownerId !== articleId) {
    return { fieldErrors: { title: `Another article already uses the address /wiki/${slug}. Choose a different title, or propose an edit to that article.` } };
  }
  return { fieldErrors: {}, slug };
}

/** Everything wrong with a submission, per field, or its cleaned edit summary. */
async function validateSubmission(
  db: Db,
  input: Pick<SubmitInput, "source" | "summary" | "acceptLicence">,
  articleId: number | null,
  known: Record<string, string> = {},
) {
  const form = proposalFormSchema.safeParse({ editSummary: input.summary, acceptLicence: input.acceptLicence });
  const fieldErrors: Record<string, string> = { ...(form.success ? {} : fieldErrorsOf(form.error)), ...known };
  const checked = await checkSource(db, input.source, articleId);
  for (const [k, v] of Object.entries(checked.fieldErrors)) fieldErrors[k] ??= v;
  return { fieldErrors, editSummary: form.success ? form.data.editSummary : "" };
}

/** Refuses a submission with any field error, each beside its field (the form keeps the text). */
function refuseFields(fieldErrors: Record<string, string>): void {
  if (Object.keys(fieldErrors).length > 0) throw new AppError("bad_request", "Please fix the marked fields. Your text is still here.", fieldErrors);
}

/** Refuses a submission past the pending cap or the hourly limit. */
async function checkLimits(db: Db, actor: Actor): Promise<void> {
  const e = env();
  const [{ pending }] = await db
    .select({ pending: count() })
    .from(proposals)
    .where(and(eq(proposals.authorId, actor.id), eq(proposals.status, "pending")));
  if (pending >= e.MAX_PENDING_PROPOSALS) {
    throw new AppError(
      "rate_limited",
      `You already have ${pending} proposals waiting for review, the most allowed at once (${e.MAX_PENDING_PROPOSALS}). You can send more when one is reviewed or withdrawn.`,
    );
  }
  const hit = await hitRateLimit(db, { key: `proposals:${actor.id}`, limit: e.RATE_LIMIT_PROPOSALS_PER_HOUR, windowSeconds: 3600 });
  if (!hit.allowed)
    throw new AppError(
      "rate_limited",
      `You have sent ${e.RATE_LIMIT_PROPOSALS_PER_HOUR} proposals this hour, the most allowed. You can send more ${describeReset(hit.resetAt)}.`,
    );
}

/** Records a proposal as pending and returns its id; refuses with an AppError (field messages under `fieldErrors`). */
export async function submitProposal(db: Db, actor: Actor | null, raw: SubmitInput): Promise<number> {
  const author = requirePermission(actor, "proposal:create");
  // Kept in one form (LF, NFC, no stray trailing spaces), so diffs, sizes and merges see only real changes.
  const input = { ...raw, source: normaliseSource(raw.source) };
  let articleId: number | null = null;
  let baseRevisionId: number | null = null;
  let baseSource: string | null = null;
  const known: Record<string, string> = {};
  if (input.articleSlug) {
    const [article] = await db
      .select({ id: articles.id, currentRevisionId: articles.currentRevisionId })
      .from(articles)
      .where(eq(articles.slug, input.articleSlug));
    if (!article) throw new AppError("not_found", "That article does not exist any more.");
    articleId = article.id;
    baseRevisionId = input.baseRevisionId ?? article.currentRevisionId;
    const [base] = await db
      .select({ source: revisions.source, articleId: revisions.articleId })
      .from(revisions)
      .where(eq(revisions.id, baseRevisionId ?? -1));
    if (!base || base.articleId !== article.id) throw new AppError("bad_request", "The revision you started from does not belong to this article.");
    if (normaliseSource(base.source) === input.source) known.source = "You have not changed anything yet.";
    baseSource = base.source;
  }
  const { fieldErrors, editSummary } = await validateSubmission(db, input, articleId, known);
  refuseFields(fieldErrors);
  await checkLimits(db, author);

  const riskFlags = await assessProposal(db, { authorId: author.id, articleId, baseSource, proposedSource: input.source });
  const [row] = await db
    .insert(proposals)
    .values({ articleId, baseRevisionId, authorId: author.id, source: input.source, summary: editSummary, riskFlags })
    .returning({ id: proposals.id });
  await db
    .insert(auditLog)
    .values({ actorId: author.id, action: "proposal.submitted", targetType: "proposal", targetId: String(row.id), details: { articleId } });
  await autoWatchOnProposal(db, author.id, articleId); // unless the author turned it off on their watchlist page
  return row.id;
}

/** The actor's own proposal, with the actor now known to exist. */
async function ownProposal(db: Db, actor: Actor | null, id: number) {
  if (!actor) throw new AppError("unauthorized", "Please sign in first.");
  const [p] = await db.select().from(proposals).where(eq(proposals.id, id));
  if (!p || p.authorId !== actor.id) throw new AppError("not_found", "That proposal does not exist or is not yours.");
  return { proposal: p, author: actor };
}

export async function withdrawProposal(db: Db, actor: Actor | null, id: number): Promise<void> {
  const { proposal: p, author } = await ownProposal(db, actor, id);
  if (!WITHDRAWABLE.includes(p.status)) throw new AppError("conflict", "Only a proposal that is still open can be withdrawn.");
  await db
    .update(proposals)
    .set({ status: "withdrawn", updatedAt: new Date(), claimedBy: null, claimedAt: null })
    .where(and(eq(proposals.id, id), inArray(proposals.status, WITHDRAWABLE)));
  await db.insert(auditLog).values({ actorId: author.id, action: "proposal.withdrawn", targetType: "proposal", targetId: String(id), details: {} });
}

/** After changes were requested or a conflict: a new text, now based on the article's current revision. Returns the proposal's id. */
export async function resubmitProposal(db: Db, actor: Actor | null, id: number, raw: Omit<SubmitInput, "articleSlug" | "baseRevisionId">): Promise<number> {
  const author = requirePermission(actor, "proposal:create");
  const input = { ...raw, source: normaliseSource(raw.source) };
  const { proposal: p } = await ownProposal(db, author, id);
  if (!RESUBMITTABLE.includes(p.status)) throw new AppError("conflict", "Only a proposal sent back to you can be resubmitted.");
  const unchanged = input.source === normaliseSource(p.source) && p.status === "changes_requested";
  const { fieldErrors, editSummary } = await validateSubmission(
    db,
    input,
    p.articleId,
    unchanged ? { source: "You have not changed anything since the moderator's note." } : {},
  );
  refuseFields(fieldErrors);
  await checkLimits(db, author);
  let baseRevisionId: number | null = null;
  let baseSource: string | null = null;
  if (p.articleId !== null) {
    const [article] = await db
      .select({ currentRevisionId: articles.currentRevisionId, source: revisions.source })
      .from(articles)
      .leftJoin(revisions, eq(revisions.id, articles.currentRevisionId))
      .where(eq(articles.id, p.articleId));
    baseRevisionId = article?.currentRevisionId ?? null;
    baseSource = article?.source ?? null;
  }
  // Against the new base: the flags describe the text the moderator will now review.
  const riskFlags = await assessProposal(db, { authorId: author.id, articleId: p.articleId, baseSource, proposedSource: input.source, proposalId: id });
  await db
    .update(proposals)
    .set({
      source: input.source,
      summary: editSummary,
      baseRevisionId,
      status: "pending",
      claimedBy: null,
      claimedAt: null,
      merged: false,
      updatedAt: new Date(),
      riskFlags,
    })
    .where(eq(proposals.id, id));
  await db.insert(auditLog).values({ actorId: author.id, action: "proposal.resubmitted", targetType: "proposal", targetId: String(id), details: {} });
  return id;
}

export async function listMyProposals(db: Db, userId: string) {
  return db
    .select({
      id: proposals.id,
      status: proposals.status,
      summary: proposals.summary,
      reviewNote: proposals.reviewNote,
      createdAt: proposals.createdAt,
      updatedAt: proposals.updatedAt,
      merged: proposals.merged,
      articleSlug: articles.slug,
      articleTitle: articles.title,
    })
    .from(proposals)
    .leftJoin(articles, eq(articles.id, proposals.articleId))
    .where(eq(proposals.authorId, userId))
    .orderBy(desc(proposals.createdAt));
}
