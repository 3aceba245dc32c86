// Fixed-window rate limits stored in the database, so every instance shares them.
import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "./db/client";
import { rateLimits } from "./db/schema";

export type RateLimitResult = { allowed: boolean; count: number; limit: number; resetAt: Date };

export type RateLimitRule = { key: string; limit: number; windowSeconds: number };

export async function hitRateLimit(db: Db, rule: RateLimitRule, now: Date = new Date()): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  // One atomic upsert: concurrent requests each get a distinct count.
  const [row] = await db
    .insert(rateLimits)
    .values({ key: rule.key, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  if (row.count === 1 && Math.random() < 0.02) {
    // Now and then, forget windows that ended more than a day ago.
    await db.delete(rateLimits).where(lt(rateLimits.windowStart, now.getTime() - 86_400_000));
  }
  return { allowed: row.count <= rule.limit, count: row.count, limit: rule.limit, resetAt: new Date(windowStart + windowMs) };
}

/** Hands back a hit that was refused, so a caller that waits and tries again does not use up the window for others. */
export async function returnRateLimitHit(db: Db, rule: RateLimitRule, result: RateLimitResult): Promise<void> {
  const windowStart = result.resetAt.getTime() - rule.windowSeconds * 1000;
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.key, rule.key), eq(rateLimits.windowStart, windowStart)));
}

/** "in 12 minutes", for refusals that say when a limit lifts. */
export function describeReset(resetAt: Date, now: Date = new Date()): string {
  const minutes = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 60_000));
  return minutes >= 60 ? `in ${Math.ceil(minutes / 60)} hour${minutes > 60 ? "s" : ""}` : `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
}
