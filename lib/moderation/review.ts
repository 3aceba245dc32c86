// Moderators' side: the queue, claims, and decisions. Approval is the only path to a new revision
// from a proposal, and it holds a row lock on the article so concurrent approvals never lose an edit.
import "server-only";
import { and, asc, count, desc, eq, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { publishRevision } from "../articles/publish";
import { normaliseSource } from "../articles/source";
import { requirePermission } from "../auth/guard";
import { canReviewProposal, type Actor } from "../auth/policy";
import type { Db, Tx } from "../db/client";
import { articles, auditLog, proposals, revisions, users, type ProposalStatus } from "../db/schema";
import { AppError } from "../errors";
import { changeSize, compareSources } from "./diff";
import { compareArticles } from "./structured-diff";
import { env } from "../env";
import { threeWayMerge } from "./merge";
import { queueAuthorNotice } from "./notify";
import type { RiskKind } from "./risk";
import { queueWatchSweepAfterChange } from "../watch/jobs";
import { FORMER_CONTRIBUTOR } from "../auth/accounts";

export const CLAIM_MINUTES = 30;

const authors = alias(users, "authors");
const claimers = alias(users, "claimers");

/** A claim holds for CLAIM_MINUTES after it was made; after that anyone may review. */
function claimIsActive(claimedAt: Date | null, now: Date): claimedAt is Date {
  return claimedAt !== null && claimedAt > new Date(now.getTime() - CLAIM_MINUTES * 60_000);
}

export type QueueFilter = "all" | "edits" | "new";
/** Oldest first (the default), or most risk flags first (then oldest). */
export type QueueSort = "oldest" | "risk";
export type QueueView = { flag?: RiskKind; sort?: QueueSort };

export async function listQueue(db: Db, actor: Actor | null, filter: QueueFilter = "all", now = new Date(), view: QueueView = {}) {
  const reviewer = requirePermission(actor, "proposal:review");
  const rows = await db
    .select({
      id: proposals.id,
      summary: proposals.summary,
      createdAt: proposals.createdAt,
      articleId: proposals.articleId,
      articleTitle: articles.title,
      articleSlug: articles.slug,
      authorId: proposals.authorId,
      authorName: authors.displayName,
      claimedByName: claimers.displayName,
      claimedAt: proposals.claimedAt,
      proposedSource: proposals.source,
      baseSource: revisions.source,
      riskFlags: proposals.riskFlags,
    })
    .from(proposals)
    .leftJoin(articles, eq(articles.id, proposals.articleId))
    .leftJoin(authors, eq(authors.id, proposals.authorId))
    .leftJoin(claimers, eq(claimers.id, proposals.claimedBy))
    .leftJoin(revisions, eq(revisions.id, proposals.baseRevisionId))
    .where(and(eq(proposals.status, "pending"), view.flag ? sql`${proposals.riskFlags} @> ${JSON.stringify([{ kind: view.flag }])}::jsonb` : undefined))
    .orderBy(...(view.sort === "risk" ? [desc(sql`jsonb_array_length(${proposals.riskFlags})`)] : []), asc(proposals.createdAt), asc(proposals.id));
  const counts = await db.select({ status: proposals.status, n: count() }).from(proposals).groupBy(proposals.status);
  // One budget for the whole page: once it is spent, the remaining rows are compared coarsely (still linear).
  const deadline = Date.now() + env().DIFF_BUDGET_MS;
  const items = rows
    .filter((r) => filter === "all" || (filter === "new" ? r.articleId === null : r.articleId !== null))
    .map((r) => {
      const size = changeSize(compareSources(r.baseSource ?? "", r.proposedSource, Math.max(5, Math.min(50, deadline - Date.now()))).parts);
      return {
        id: r.id,
        summary: r.summary,
        createdAt: r.createdAt,
        isNew: r.articleId === null,
        articleTitle: r.articleTitle,
        articleSlug: r.articleSlug,
        authorName: r.authorName ?? FORMER_CONTRIBUTOR,
        ownProposal: r.authorId === reviewer.id,
        claimedBy: claimIsActive(r.claimedAt, now) ? (r.claimedByName ?? "a moderator") : null,
        wordsAdded: size.added,
        wordsRemoved: size.removed,
        riskFlags: r.riskFlags,
      };
    });
  return { items, counts: Object.fromEntries(counts.map((c) => [c.status, c.n])) as Partial<Record<ProposalStatus, number>> };
}

export async function countPending(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(proposals).where(eq(proposals.status, "pending"));
  return row.n;
}

/** A proposal with what a reviewer (or its author) needs to see: base, current text, diff, history. */
export async function getProposalDetail(db: Db, actor: Actor | null, id: number, now = new Date()) {
  if (!actor) throw new AppError("unauthorized", "Please sign in first.");
  const [p] = await db
    .select({
      proposal: proposals,
      authorName: authors.displayName,
      claimedByName: claimers.displayName,
      articleTitle: articles.title,
      articleSlug: articles.slug,
      currentRevisionId: articles.currentRevisionId,
    })
    .from(proposals)
    .leftJoin(authors, eq(authors.id, proposals.authorId))
    .leftJoin(claimers, eq(claimers.id, proposals.claimedBy))
    .leftJoin(articles, eq(articles.id, proposals.articleId))
    .where(eq(proposals.id, id));
  if (!p) throw new AppError("not_found", "That proposal does not exist.");
  const isAuthor = p.proposal.authorId === actor.id;
  if (!isAuthor) requirePermission(actor, "proposal:review");
  const sourceOf = async (revisionId: number | null) =>
    revisionId === null ? "" : ((await db.select({ source: revisions.source }).from(revisions).where(eq(revisions.id, revisionId)))[0]?.source ?? "");
  const [baseSource, currentSource] = await Promise.all([sourceOf(p.proposal.baseRevisionId), sourceOf(p.currentRevisionId)]);
  const pastProposals = p.proposal.authorId
    ? await db
        .select({ id: proposals.id, status: proposals.status, summary: proposals.summary, createdAt: proposals.createdAt })
        .from(proposals)
        .where(and(eq(proposals.authorId, p.proposal.authorId), ne(proposals.id, id)))
        .orderBy(desc(proposals.createdAt))
        .limit(10)
    : [];
  return {
    proposal: p.proposal,
    authorName: p.authorName ?? FORMER_CONTRIBUTOR,
    articleTitle: p.articleTitle,
    articleSlug: p.articleSlug,
    baseSource,
    currentSource,
    articleChangedSinceBase: p.proposal.articleId !== null && p.currentRevisionId !== p.proposal.baseRevisionId,
    diff: compareSources(baseSource, p.proposal.source),
    /** The structured diff (a new article: against nothing); `diff` above is the raw-source one. */
    articleDiff: compareArticles(p.proposal.baseRevisionId === null ? null : baseSource, p.proposal.source),
    claim: claimIsActive(p.proposal.claimedAt, now)
      ? { by: p.claimedByName ?? "a moderator", byMe: p.proposal.claimedBy === actor.id, at: p.proposal.claimedAt }
      : null,
    canReview: canReviewProposal(actor, p.proposal),
    isAuthor,
    pastProposals,
  };
}

// Always called inside the decision's transaction: the row lock lasts until it commits. Returns the reviewer too.
async function lockPending(tx: Tx, actor: Actor | null, id: number, now: Date) {
  const reviewer = requirePermission(actor, "proposal:review");
  const [p] = await tx.select().from(proposals).where(eq(proposals.id, id)).for("update");
  if (!p) throw new AppError("not_found", "That proposal does not exist.");
  if (!canReviewProposal(reviewer, p)) throw new AppError("forbidden", "You cannot review your own proposal: another moderator has to.");
  if (p.status !== "pending") throw new AppError("conflict", `This proposal is no longer waiting for review (it is ${p.status.replace("_", " ")}).`);
  if (p.claimedBy && p.claimedBy !== reviewer.id && claimIsActive(p.claimedAt, now)) {
    throw new AppError("conflict", "Another moderator is reviewing this proposal. Their claim lapses after 30 minutes.");
  }
  return { proposal: p, reviewer };
}

export async function claimProposal(db: Db, actor: Actor | null, id: number, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const { reviewer } = await lockPending(tx, actor, id, now);
    await tx.update(proposals).set({ claimedBy: reviewer.id, claimedAt: now }).where(eq(proposals.id, id));
  });
}

export type ApproveResult =
  | {
      outcome: "approved";
      proposalId: number;
      authorId: string | null;
      articleTitle: string;
      slug: string;
      previousSlug: string | null;
      created: boolean;
      merged: boolean;
      revisionId: number;
    }
  | { outcome: "conflicted"; proposalId: number; authorId: string | null; articleTitle: string; slug: string };

export async function approveProposal(db: Db, actor: Actor | null, id: number, now = new Date()): Promise<ApproveResult> {
  return db.transaction(async (tx) => {
    const { proposal: p, reviewer } = await lockPending(tx, actor, id, now);
    const decided = { reviewerId: reviewer.id, decidedAt: now, updatedAt: now, claimedBy: null, claimedAt: null };
    const audit = (action: string, details: Record<string, unknown>) =>
      tx.insert(auditLog).values({ actorId: reviewer.id, action, targetType: "proposal", targetId: String(id), details });

    let source = p.source;
    let merged = false;
    let articleTitle = "";
    let currentSlug = "";
    if (p.articleId !== null) {
      // The row lock serialises approvals of the same article: the second one sees the first's revision.
      const [article] = await tx
        .select({ currentRevisionId: articles.currentRevisionId, title: articles.title, slug: articles.slug })
        .from(articles)
        .where(eq(articles.id, p.articleId))
        .for("update");
      if (!article) throw new AppError("not_found", "The article of this proposal no longer exists.");
      articleTitle = article.title;
      currentSlug = article.slug;
      if (article.currentRevisionId !== p.baseRevisionId) {
        const [[base], [current]] = await Promise.all([
          tx
            .select({ source: revisions.source })
            .from(revisions)
            .where(eq(revisions.id, p.baseRevisionId ?? -1)),
          tx
            .select({ source: revisions.source })
            .from(revisions)
            .where(eq(revisions.id, article.currentRevisionId ?? -1)),
        ]);
        const result = threeWayMerge(normaliseSource(base?.source ?? ""), normaliseSource(current?.source ?? ""), normaliseSource(p.source));
        if (!result.clean) {
          await tx
            .update(proposals)
            .set({
              ...decided,
              status: "conflicted",
              reviewNote:
                "The article changed after this proposal was written, and the changes overlap. Compare both versions and resubmit on the current article.",
            })
            .where(eq(proposals.id, id));
          await audit("proposal.conflicted", { conflicts: result.conflicts });
          await queueAuthorNotice(tx, { authorId: p.authorId, proposalId: id, articleTitle, outcome: "conflicted" });
          return { outcome: "conflicted" as const, proposalId: id, authorId: p.authorId, articleTitle, slug: currentSlug };
        }
        source = result.text;
        merged = true;
      }
    }
    try {
      const published = await publishRevision(tx, {
        articleId: p.articleId ?? undefined,
        source,
        authorId: p.authorId,
        summary: p.summary,
        kind: p.articleId === null ? "create" : "edit",
      });
      await tx
        .update(proposals)
        .set({ ...decided, status: "approved", merged, resultRevisionId: published.revisionId, articleId: published.article.id })
        .where(eq(proposals.id, id));
      await audit("proposal.approved", { revisionId: published.revisionId, merged });
      await queueAuthorNotice(tx, { authorId: p.authorId, proposalId: id, articleTitle: published.article.title, outcome: "approved" });
      await queueWatchSweepAfterChange(tx); // the watchers' change emails, once the batching window has passed
      return {
        outcome: "approved" as const,
        proposalId: id,
        authorId: p.authorId,
        articleTitle: published.article.title,
        slug: published.article.slug,
        previousSlug: published.previousSlug,
        created: p.articleId === null,
        merged,
        revisionId: published.revisionId,
      };
    } catch (error) {
      // publishRevision refuses a source that does not parse or whose address is taken: the author has to fix it.
      if (error instanceof AppError) throw new AppError("conflict", `${error.message} Request changes so the author can fix it.`, {}, { cause: error });
      throw error;
    }
  });
}

export type SendBackResult = { proposalId: number; authorId: string | null; articleTitle: string };

async function sendBack(db: Db, actor: Actor | null, id: number, status: "rejected" | "changes_requested", note: string, now: Date): Promise<SendBackResult> {
  requirePermission(actor, "proposal:review");
  const trimmed = note.trim();
  const noteProblem =
    trimmed.length < 3
      ? status === "rejected"
        ? "Write a note for the author saying why the proposal is rejected."
        : "Write a note for the author saying what to change."
      : trimmed.length > 2000
        ? "Keep the note under 2,000 characters."
        : null;
  if (noteProblem) throw new AppError("bad_request", noteProblem, { note: noteProblem });
  return db.transaction(async (tx) => {
    const { proposal: p, reviewer } = await lockPending(tx, actor, id, now);
    await tx
      .update(proposals)
      .set({ status, reviewNote: trimmed, reviewerId: reviewer.id, decidedAt: now, updatedAt: now, claimedBy: null, claimedAt: null })
      .where(eq(proposals.id, id));
    await tx
      .insert(auditLog)
      .values({ actorId: reviewer.id, action: `proposal.${status}`, targetType: "proposal", targetId: String(id), details: { note: trimmed } });
    const [a] = p.articleId !== null ? await tx.select({ title: articles.title }).from(articles).where(eq(articles.id, p.articleId)) : [];
    const articleTitle = a?.title ?? "a new article";
    await queueAuthorNotice(tx, { authorId: p.authorId, proposalId: id, articleTitle, outcome: status, note: trimmed });
    return { proposalId: id, authorId: p.authorId, articleTitle };
  });
}

export const rejectProposal = (db: Db, actor: Actor | null, id: number, note: string, now = new Date()) => sendBack(db, actor, id, "rejected", note, now);
export const requestChanges = (db: Db, actor: Actor | null, id: number, note: string, now = new Date()) =>
  sendBack(db, actor, id, "changes_requested", note, now);
