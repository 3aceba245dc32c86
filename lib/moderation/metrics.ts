import "server-only";
// How the queue is doing, for the moderators' own page: one round trip of aggregate queries, nothing per row.
import { and, count, desc, eq, gte, inArray, isNotNull, min, sql } from "drizzle-orm";
import { requirePermission } from "../auth/guard";
import type { Actor } from "../auth/policy";
import type { Db } from "../db/client";
import { proposals, users, type ProposalStatus } from "../db/schema";

/** A moderator's decisions: approving, rejecting or sending back (a conflict found on approval counts too). */
const DECIDED: ProposalStatus[] = ["approved", "rejected", "changes_requested", "conflicted"];

export type QueueMetrics = {
  pending: number;
  oldestPendingSince: Date | null;
  /** Median time from submission to decision over the last 30 days, in minutes; null with no decisions. */
  medianMinutesToDecision: number | null;
  decisionsLast30Days: number;
  /** Decisions per moderator since Monday 00:00 UTC, most first. */
  thisWeek: { name: string; decisions: number }[];
};

/** Monday 00:00 UTC of the week `now` is in. */
export function startOfWeekUtc(now: Date): Date {
  const day = (now.getUTCDay() + 6) % 7; // Monday is 0
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day));
}

export async function getQueueMetrics(db: Db, actor: Actor | null, now = new Date()): Promise<QueueMetrics> {
  requirePermission(actor, "proposal:review");
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
  const [pending, decided, week] = await Promise.all([
    db
      .select({ n: count(), oldest: min(proposals.createdAt) })
      .from(proposals)
      .where(eq(proposals.status, "pending")),
    db
      .select({
        n: count(),
        median: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (${proposals.decidedAt} - ${proposals.createdAt})) / 60)`,
      })
      .from(proposals)
      .where(and(inArray(proposals.status, DECIDED), gte(proposals.decidedAt, monthAgo))),
    db
      .select({ name: users.displayName, decisions: count() })
      .from(proposals)
      .innerJoin(users, eq(users.id, proposals.reviewerId))
      .where(and(isNotNull(proposals.reviewerId), inArray(proposals.status, DECIDED), gte(proposals.decidedAt, startOfWeekUtc(now))))
      .groupBy(users.id, users.displayName)
      .orderBy(desc(count()), users.displayName),
  ]);
  const oldest = pending[0]?.oldest ?? null;
  const median = decided[0]?.median;
  return {
    pending: Number(pending[0]?.n ?? 0),
    oldestPendingSince: oldest ? new Date(oldest) : null,
    medianMinutesToDecision: median === null || median === undefined ? null : Math.round(Number(median)),
    decisionsLast30Days: Number(decided[0]?.n ?? 0),
    thisWeek: week.map((w) => ({ name: w.name ?? "former moderator", decisions: Number(w.decisions) })),
  };
}
