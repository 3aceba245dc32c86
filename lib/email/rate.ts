// Resend's request rate (RESEND_REQUESTS_PER_SECOND, per team) shared by every instance and worker: one-second
// windows in the database's rate_limits table, with requests reserved for transactional mail that is waiting.
import "server-only";
import { and, eq } from "drizzle-orm";
import { getDb, type Db } from "../db/client";
import { rateLimits } from "../db/schema";
import { env } from "../env";
import { hitRateLimit, returnRateLimitHit, type RateLimitRule } from "../rate-limit";

export type MailKind = "transactional" | "bulk";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const REQUESTS = "resend:requests";
// A transactional email that found its second full holds one request of the next second: batches leave it free.
const RESERVED = "resend:reserved";

async function reservedIn(db: Db, windowStart: number): Promise<number> {
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, RESERVED), eq(rateLimits.windowStart, windowStart)));
  return row?.count ?? 0;
}

/**
 * Waits until this process may make one request to Resend, counting every instance's requests. Newsletter batches
 * ("bulk") use the whole rate, except the requests that waiting transactional mail (sign-in links, receipts,
 * notices) has reserved in a second; so a link waits at most about a second behind a send of any size.
 */
export async function takeSendSlot(kind: MailKind, db: Db = getDb(), maxWaitMs = 60_000): Promise<void> {
  const perSecond = env().RESEND_REQUESTS_PER_SECOND;
  if (perSecond === 0) return; // RESEND_REQUESTS_PER_SECOND=0: no shared limit
  const started = Date.now();
  let reservedFor: number | null = null;
  for (;;) {
    const now = new Date();
    const windowStart = Math.floor(now.getTime() / 1000) * 1000;
    const limit = kind === "bulk" ? Math.max(0, perSecond - (await reservedIn(db, windowStart))) : perSecond;
    const rule: RateLimitRule = { key: REQUESTS, limit, windowSeconds: 1 };
    const result = await hitRateLimit(db, rule, now);
    if (result.allowed) return;
    await returnRateLimitHit(db, rule, result);
    // Past the bound the request goes anyway: Resend's 429 (honoured by the caller) is the backstop.
    if (Date.now() - started > maxWaitMs) return;
    if (kind === "transactional" && reservedFor !== result.resetAt.getTime()) {
      await hitRateLimit(db, { key: RESERVED, limit: perSecond, windowSeconds: 1 }, result.resetAt);
      reservedFor = result.resetAt.getTime();
    }
    await sleep(Math.max(5, result.resetAt.getTime() - Date.now()) + Math.floor(Math.random() * 20));
  }
}

/** Milliseconds a 429's Retry-After header asks for (seconds or an HTTP date); undefined without one. */
export function retryAfterMs(headers: Record<string, string> | null | undefined, now = Date.now()): number | undefined {
  const value = headers?.["retry-after"];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
