// Sending an issue to every confirmed subscriber, resumably. Each (issue, subscriber) delivery is claimed in the
// database under a unique constraint before it is sent, chunks go out through one batch call each, and a send
// interrupted by a crash or an outage carries on from where it stopped: each send is a pg-boss job (queueSend), retried
// after a passing failure and taken over by another instance when its worker's heartbeat stops.
//
// The trade-off, in one place: a crash between "claim" and "mark" leaves rows `claimed` without telling us whether
// the batch call reached Resend. We re-send such a chunk with the SAME idempotency key (derived from the issue and
// the chunk's delivery ids), so if the first call did go through Resend answers with its result instead of mailing
// again. That protection lasts 24 hours: a chunk left claimed for longer is marked failed and not sent again, so
// an interrupted send may miss a few people but never mails anyone twice. The outbox transport has no such keys;
// it is for development only.
import "server-only";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { getDb, rowsOf, type Db, type Tx } from "../db/client";
import { newsletterDeliveries, newsletterIssues, subscribers } from "../db/schema";
import { emailEnabled, sendBatch, type Email } from "../email";
import { env } from "../env";
import { enqueue } from "../jobs/enqueue";
import { getBoss } from "../jobs/boss";
import { QUEUES, type JobData } from "../jobs/queues";
import { absoluteUrl } from "../site";
import { effectiveBatchSize, idempotencyKeyFor } from "./chunks";
import { issuePath } from "./links";
import { issueEmail, renderIssue, type RenderedIssue } from "./render";
import { hashToken, unsubscribeTokenFor } from "./tokens";

/** Resend keeps idempotency keys for 24 hours; leave a margin. */
export const IDEMPOTENCY_WINDOW_MS = 23 * 60 * 60 * 1000;

export type SendOptions = {
  db?: Db;
  /** Emails per batch call (at most 100); defaults to NEWSLETTER_BATCH_SIZE. */
  batchSize?: number;
  /** How many times a chunk is tried again after a failure that may pass (network, 5xx, rate limit) before the run stops. */
  retries?: number;
  /** The first wait before trying again; doubled each time. */
  retryDelayMs?: number;
  /** A pause between batch calls, to stay under the provider's request rate. */
  paceMs?: number;
  now?: () => Date;
};

export type SendOutcome = "sent" | "interrupted" | "not-sending" | "missing";
/** `retryable`: the send stopped on a failure that may pass, so its job is tried again later. */
export type SendSummary = { issueId: number; outcome: SendOutcome; sent: number; failed: number; left: number; message?: string; retryable?: boolean };

type DeliveryRow = {
  id: number;
  status: "claimed" | "sent" | "failed";
  email: string | null;
  subscriberStatus: string | null;
  unsubscribeTokenHash: string | null;
  claimedUs: string;
};
/** A delivery to a subscriber who is still confirmed, so it has an address. */
type LiveRow = DeliveryRow & { email: string };

type Context = {
  db: Db;
  issueId: number;
  slug: string;
  rendered: RenderedIssue;
  options: Required<Omit<SendOptions, "db" | "batchSize">> & { batchSize: number };
};

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

function toRows(result: unknown): DeliveryRow[] {
  return rowsOf<{
    id: number;
    status: DeliveryRow["status"];
    email: string | null;
    subscriber_status: string | null;
    unsubscribe_token_hash: string | null;
    claimed_us: string;
  }>(result).map((r) => ({
    id: Number(r.id),
    status: r.status,
    email: r.email,
    subscriberStatus: r.subscriber_status,
    unsubscribeTokenHash: r.unsubscribe_token_hash,
    claimedUs: String(r.claimed_us),
  }));
}

/**
 * Claims up to `limit` confirmed subscribers who have no delivery for this issue yet. The unique (issue, subscriber)
 * index and ON CONFLICT DO NOTHING make the claim safe when two processes send the same issue at once.
 * All rows of one claim share claimed_at (the statement's now()), which identifies the chunk again on resume.
 */
export async function claimChunk(db: Db, issueId: number, limit: number): Promise<DeliveryRow[]> {
  const result = await db.execute(sql`
    with claimed as (
      insert into newsletter_deliveries (issue_id, subscriber_id)
      select ${issueId}::int, s.id from subscribers s
      where s.status = 'confirmed'
        and not exists (select 1 from newsletter_deliveries d where d.issue_id = ${issueId}::int and d.subscriber_id = s.id)
      order by s.id
      limit ${limit}::int
      on conflict (issue_id, subscriber_id) do nothing
      returning id, subscriber_id, status, claimed_at
    )
    select c.id, c.status, s.email, s.status as subscriber_status, s.unsubscribe_token_hash,
           ((extract(epoch from c.claimed_at) * 1000000)::bigint)::text as claimed_us
    from claimed c join subscribers s on s.id = c.subscriber_id
    order by c.id`);
  return toRows(result);
}

/** Chunks an earlier run claimed and did not finish: every delivery of each such claim, grouped by claim. */
async function unfinishedChunks(db: Db, issueId: number): Promise<DeliveryRow[][]> {
  const result = await db.execute(sql`
    select d.id, d.status, s.email, s.status as subscriber_status, s.unsubscribe_token_hash,
           ((extract(epoch from d.claimed_at) * 1000000)::bigint)::text as claimed_us
    from newsletter_deliveries d left join subscribers s on s.id = d.subscriber_id
    where d.issue_id = ${issueId}::int
      and d.claimed_at in (select claimed_at from newsletter_deliveries where issue_id = ${issueId}::int and status = 'claimed')
    order by d.claimed_at, d.id`);
  const groups = new Map<string, DeliveryRow[]>();
  for (const row of toRows(result)) groups.set(row.claimedUs, [...(groups.get(row.claimedUs) ?? []), row]);
  return [...groups.values()];
}

async function markFailed(db: Db, ids: number[], error: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(newsletterDeliveries)
    .set({ status: "failed", error: error.slice(0, 1000) })
    .where(and(inArray(newsletterDeliveries.id, ids), eq(newsletterDeliveries.status, "claimed")));
}

async function markSent(db: Db, sent: { id: number; providerId: string | null }[], now: Date): Promise<void> {
  if (sent.length === 0) return;
  const values = sql.join(
    sent.map((s) => sql`(${s.id}::int, ${s.providerId}::text)`),
    sql`, `,
  );
  await db.execute(sql`
    update newsletter_deliveries d set status = 'sent', provider_id = v.provider_id, sent_at = ${now.toISOString()}::timestamptz, error = null
    from (values ${values}) as v(id, provider_id)
    where d.id = v.id and d.status = 'claimed'`);
}

/** Someone whose token hash was written under another AUTH_SECRET gets a link that works from this email on. */
async function refreshUnsubscribeHashes(db: Db, rows: LiveRow[]): Promise<void> {
  for (const row of rows) {
    const hash = hashToken(unsubscribeTokenFor(row.email));
    if (hash !== row.unsubscribeTokenHash) await db.update(subscribers).set({ unsubscribeTokenHash: hash }).where(eq(subscribers.email, row.email));
  }
}

type ChunkOutcome = { stop: false } | { stop: true; message: string; retryable: boolean };

/** Sends one claimed chunk and records the outcome of each delivery in it. */
async function deliverChunk(ctx: Context, group: DeliveryRow[], resumed: boolean): Promise<ChunkOutcome> {
  const { db, options } = ctx;
  const now = options.now();
  // The key covers the whole claim, so it is the same on every attempt whatever happened to single rows since.
  const key = idempotencyKeyFor(
    ctx.issueId,
    group.map((r) => r.id),
  );
  const pending = group.filter((r) => r.status === "claimed");
  if (resumed && now.getTime() - Number(BigInt(pending[0]?.claimedUs ?? "0") / BigInt(1000)) > IDEMPOTENCY_WINDOW_MS) {
    await markFailed(
      db,
      pending.map((r) => r.id),
      "Interrupted more than a day ago: not sent again, in case the first attempt went out.",
    );
    return { stop: false };
  }
  const gone = pending.filter((r) => r.subscriberStatus !== "confirmed" || !r.email);
  await markFailed(
    db,
    gone.map((r) => r.id),
    "No longer subscribed when this chunk was sent.",
  );
  const live = pending.filter((r): r is LiveRow => r.subscriberStatus === "confirmed" && Boolean(r.email));
  if (live.length === 0) return { stop: false };
  await refreshUnsubscribeHashes(db, live);
  const webUrl = absoluteUrl(issuePath(ctx.slug));
  const emails: Email[] = live.map((r) => issueEmail(ctx.rendered, r.email, unsubscribeTokenFor(r.email), { webUrl }));

  for (let attempt = 0; ; attempt++) {
    const result = await sendBatch(emails, { idempotencyKey: key });
    if (result.ok) {
      await markSent(
        db,
        live.map((r, i) => ({ id: r.id, providerId: result.ids[i] ?? null })),
        options.now(),
      );
      return { stop: false };
    }
    if (result.code === "invalid_idempotent_request") {
      // Resend already accepted a request with this key (its recipients or settings have changed since): those emails went out.
      await markSent(
        db,
        live.map((r) => ({ id: r.id, providerId: null })),
        options.now(),
      );
      return { stop: false };
    }
    if (result.reason === "disabled") return { stop: true, message: result.message, retryable: false };
    if (!result.retryable) {
      await markFailed(
        db,
        live.map((r) => r.id),
        result.message,
      );
      return { stop: false };
    }
    if (attempt >= options.retries)
      return {
        stop: true,
        retryable: true,
        message: `The email service did not answer as expected (${result.message}). Nothing was sent twice; it is tried again shortly, or press Resume.`,
      };
    await sleep(Math.max(options.retryDelayMs * 2 ** attempt, result.retryAfterMs ?? 0)); // a 429's Retry-After is honoured
  }
}

async function candidatesLeft(db: Db, issueId: number): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(subscribers)
    .where(
      and(
        eq(subscribers.status, "confirmed"),
        sql`not exists (select 1 from ${newsletterDeliveries} d where d.issue_id = ${issueId}::int and d.subscriber_id = ${subscribers.id})`,
      ),
    );
  return Number(n);
}

export type SendProgress = {
  issueId: number;
  status: "draft" | "sending" | "sent";
  sent: number;
  failed: number;
  claimed: number;
  left: number;
  running: boolean;
};

/** Where a send stands: sent, failed, and left (claimed but unconfirmed, plus subscribers not yet reached). */
export async function sendProgress(db: Db, issueId: number): Promise<SendProgress | null> {
  const [issue] = await db.select({ status: newsletterIssues.status }).from(newsletterIssues).where(eq(newsletterIssues.id, issueId));
  if (!issue) return null;
  const rows = await db
    .select({ status: newsletterDeliveries.status, n: count() })
    .from(newsletterDeliveries)
    .where(eq(newsletterDeliveries.issueId, issueId))
    .groupBy(newsletterDeliveries.status);
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<"claimed" | "sent" | "failed", number>>;
  const claimed = by.claimed ?? 0;
  const unreached = issue.status === "sending" ? await candidatesLeft(db, issueId) : 0;
  const active = issue.status === "sending" && (running().has(issueId) || (await sendJobPending(issueId)));
  return { issueId, status: issue.status, sent: by.sent ?? 0, failed: by.failed ?? 0, claimed, left: claimed + unreached, running: active };
}

/** Whether a send job for this issue is waiting, retrying or running on any instance: pg-boss's record, not this process's. */
async function sendJobPending(issueId: number): Promise<boolean> {
  try {
    const jobs = await getBoss().findJobs<JobData["newsletter-sends"]>(QUEUES.newsletter, { key: sendJobKey(issueId) });
    return jobs.some((j) => j.state === "created" || j.state === "retry" || j.state === "active");
  } catch {
    return false; // no job queue in this process (a script): only its own loop counts
  }
}

async function sendLoop(issueId: number, opts: SendOptions): Promise<SendSummary> {
  const db = opts.db ?? getDb();
  const e = env();
  const options: Context["options"] = {
    batchSize: effectiveBatchSize(opts.batchSize ?? e.NEWSLETTER_BATCH_SIZE),
    retries: opts.retries ?? 2,
    retryDelayMs: opts.retryDelayMs ?? 1000,
    // The shared limiter (lib/email/rate.ts) paces every batch call across instances; a fixed pause on top halved the rate.
    paceMs: opts.paceMs ?? (e.EMAIL_TRANSPORT === "resend" && e.RESEND_REQUESTS_PER_SECOND === 0 ? 600 : 0),
    now: opts.now ?? (() => new Date()),
  };
  const summary = async (outcome: SendOutcome, message?: string, retryable = false): Promise<SendSummary> => {
    const p = await sendProgress(db, issueId);
    return {
      issueId,
      outcome,
      sent: p?.sent ?? 0,
      failed: p?.failed ?? 0,
      left: p?.left ?? 0,
      ...(message ? { message } : {}),
      ...(retryable ? { retryable } : {}),
    };
  };

  const [issue] = await db
    .select({ status: newsletterIssues.status, slug: newsletterIssues.slug, subject: newsletterIssues.subject, markdown: newsletterIssues.markdown })
    .from(newsletterIssues)
    .where(eq(newsletterIssues.id, issueId));
  if (!issue) return { issueId, outcome: "missing", sent: 0, failed: 0, left: 0 };
  if (issue.status !== "sending") return summary("not-sending");
  if (!emailEnabled()) return summary("interrupted", "Email is not configured on this site, so nothing can be sent.");

  const ctx: Context = { db, issueId, slug: issue.slug, rendered: await renderIssue(issue, { webUrl: absoluteUrl(issuePath(issue.slug)) }), options };
  let calls = 0;
  const pace = () => (calls++ > 0 ? sleep(options.paceMs) : Promise.resolve());

  for (const group of await unfinishedChunks(db, issueId)) {
    await pace();
    const outcome = await deliverChunk(ctx, group, true);
    if (outcome.stop) return summary("interrupted", outcome.message, outcome.retryable);
  }
  for (let emptyClaims = 0; emptyClaims < 5;) {
    const claimed = await claimChunk(db, issueId, options.batchSize);
    if (claimed.length === 0) {
      // Lost every row to another sender, or nobody is left: only the second ends the run.
      if ((await candidatesLeft(db, issueId)) === 0) break;
      emptyClaims++;
      continue;
    }
    emptyClaims = 0;
    await pace();
    const outcome = await deliverChunk(ctx, claimed, false);
    if (outcome.stop) return summary("interrupted", outcome.message, outcome.retryable);
  }
  // Finished only when nothing is claimed any more: another process may still be sending its last chunk.
  const [{ n: stillClaimed }] = await db
    .select({ n: count() })
    .from(newsletterDeliveries)
    .where(and(eq(newsletterDeliveries.issueId, issueId), eq(newsletterDeliveries.status, "claimed")));
  if (Number(stillClaimed) > 0 || (await candidatesLeft(db, issueId)) > 0)
    return summary("interrupted", "Another server is still sending part of this issue.", true);
  const done = options.now();
  await db
    .update(newsletterIssues)
    .set({ status: "sent", sentAt: done, updatedAt: done })
    .where(and(eq(newsletterIssues.id, issueId), eq(newsletterIssues.status, "sending")));
  return summary("sent");
}

// One loop per issue per process, kept on globalThis because Next bundles this module more than once.
const RUNNING = Symbol.for("attune.newsletter.running");
function running(): Map<number, Promise<SendSummary>> {
  const g = globalThis as { [RUNNING]?: Map<number, Promise<SendSummary>> };
  g[RUNNING] ??= new Map();
  return g[RUNNING];
}

/** Sends (or carries on sending) an issue in `sending`. A second call while one runs gets the same promise. */
export function runSend(issueId: number, options: SendOptions = {}): Promise<SendSummary> {
  const map = running();
  const current = map.get(issueId);
  if (current) return current;
  const loop = sendLoop(issueId, options).finally(() => map.delete(issueId));
  map.set(issueId, loop);
  return loop;
}

/** The one key of an issue's send job: it keeps one job per issue, and finds it again for the progress display. */
const sendJobKey = (issueId: number) => `issue-${issueId}`;

/** Enqueues the send of an issue inside the transaction that puts it in `sending` (or resumes it); one per issue at a time. */
export async function queueSend(tx: Tx, issueId: number): Promise<void> {
  await enqueue(tx, QUEUES.newsletter, { issueId }, { singletonKey: sendJobKey(issueId) });
}

/** The Resume button: a new job for an issue still in `sending` (none while one is already waiting). */
export async function resumeSend(db: Db, issueId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [issue] = await tx.select({ status: newsletterIssues.status }).from(newsletterIssues).where(eq(newsletterIssues.id, issueId));
    if (issue?.status !== "sending") return false;
    await queueSend(tx, issueId);
    return true;
  });
}

/** At start-up: a job for every issue left in `sending` whose job gave up or was never made. Returns their ids. */
export async function resumeInterruptedSends(db: Db = getDb()): Promise<number[]> {
  const rows = await db
    .select({ id: newsletterIssues.id })
    .from(newsletterIssues)
    .where(eq(newsletterIssues.status, "sending"))
    .orderBy(asc(newsletterIssues.id));
  for (const { id } of rows) await resumeSend(db, id);
  return rows.map((r) => r.id);
}
