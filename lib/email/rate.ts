// Resend's request rate (RESEND_REQUESTS_PER_SECOND, per team) shared by every instance and worker: one-second
// windows in the database's rate_limits table. Newsletter batches leave one request a second to transactional mail.
import { getDb, type Db } from "../db/client";
import { env } from "../env";
import { hitRateLimit, returnRateLimitHit, type RateLimitRule } from "../rate-limit";

export type MailKind = "transactional" | "bulk";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The share of each second a kind of mail may take: bulk gets one request fewer, so a sign-in link never queues behind a send. */
export function requestsPerSecondFor(kind: MailKind, perSecond = env().RESEND_REQUESTS_PER_SECOND): number {
  return kind === "bulk" && perSecond > 1 ? perSecond - 1 : perSecond;
}

/** Waits until this process may make one request to Resend, counting every instance's requests. */
export async function takeSendSlot(kind: MailKind, db: Db = getDb(), maxWaitMs = 60_000): Promise<void> {
  const rule: RateLimitRule = { key: "resend:requests", limit: requestsPerSecondFor(kind), windowSeconds: 1 };
  if (rule.limit === 0) return; // RESEND_REQUESTS_PER_SECOND=0: no shared limit
  const started = Date.now();
  for (;;) {
    const result = await hitRateLimit(db, rule);
    if (result.allowed) return;
    await returnRateLimitHit(db, rule, result);
    // Past the bound the request goes anyway: Resend's 429 (honoured by the caller) is the backstop.
    if (Date.now() - started > maxWaitMs) return;
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
