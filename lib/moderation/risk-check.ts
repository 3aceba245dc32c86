// The database side of risk flags: gathers the facts about a proposal (its author, the shingle index) for the pure
// rules in ./risk, at submission and resubmission.
import "server-only";
import { and, count, eq, gt, ne } from "drizzle-orm";
import { findCopiedText } from "../articles/shingle-index";
import { addedShingles } from "../articles/shingles";
import type { Db } from "../db/client";
import { proposals, users } from "../db/schema";
import { env } from "../env";
import { computeRiskFlags, readRiskText, riskThresholds, type RiskFlag } from "./risk";

export type RiskCheckInput = {
  authorId: string;
  /** The article edited; null for a new article. */
  articleId: number | null;
  /** The source of the revision the proposal is based on; null for a new article. */
  baseSource: string | null;
  proposedSource: string;
  /** On resubmission, the proposal itself, so it does not count as one of the author's others. */
  proposalId?: number;
  now?: Date;
};

export async function assessProposal(db: Db, input: RiskCheckInput): Promise<RiskFlag[]> {
  const now = input.now ?? new Date();
  const thresholds = riskThresholds();
  const base = input.baseSource === null ? null : readRiskText(input.baseSource);
  const proposed = readRiskText(input.proposedSource);
  const others = input.proposalId === undefined ? undefined : ne(proposals.id, input.proposalId);
  const [[account], [{ otherProposals }], [{ lastHour }], copiedFrom] = await Promise.all([
    db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, input.authorId)),
    db
      .select({ otherProposals: count() })
      .from(proposals)
      .where(and(eq(proposals.authorId, input.authorId), others)),
    db
      .select({ lastHour: count() })
      .from(proposals)
      .where(and(eq(proposals.authorId, input.authorId), gt(proposals.createdAt, new Date(now.getTime() - 3_600_000)), others)),
    // Only what the proposal adds is looked up: text kept from its own base is no paste.
    findCopiedText(db, addedShingles(base?.words ?? [], proposed.words), input.articleId, thresholds.copiedShingles),
  ]);
  return computeRiskFlags(
    {
      base,
      proposed,
      siteHost: new URL(env().SITE_URL).hostname,
      // This proposal counts among the last hour's: it is being sent now.
      author: { accountCreatedAt: account?.createdAt ?? null, otherProposals, proposalsLastHour: lastHour + 1 },
      copiedFrom,
      now,
    },
    thresholds,
  );
}
