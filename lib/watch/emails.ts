// Watchlist emails, sent by the `watch-emails` job (a sweep: any number may run, at any time, and it is safe).
//
// Change emails are batched: a watcher's first unmailed change opens a window of WATCH_BATCH_MINUTES; when it has
// passed, one email lists every unmailed change up to now. Since that email takes every change before it, the next
// one waits for a change after it plus a whole window: at most one email per watcher per window. Weekly digests go
// out at the weekday and hour each person chose, on their own clock.
//
// Never twice: an email is claimed first, in one transaction, as a watch_emails row unique on (watcher, kind,
// period) and, for change emails, one watch_email_changes row per change unique on (watcher, revision). Only then
// is it sent, with an idempotency key from the claim; a sweep that dies between claim and send leaves the claim,
// and the next sweep sends that same email with the same key (Resend answers a repeat within a day with the first
// answer). A claim older than that is marked failed rather than risk a second copy, as the newsletter does.
import "server-only";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { rowsOf, type Db } from "../db/client";
import { users, watchEmailChanges, watchEmails, watchPreferences, type WatchEmailKind } from "../db/schema";
import { emailEnabled, send } from "../email";
import { renderListEmail, type ListEmailItem } from "../email/templates";
import { env } from "../env";
import { formatDateTime, formatLongDate } from "../format";
import { absoluteUrl } from "../site";
import { listWatchedChanges, watchedRevisionsSql, type WatchedChange } from "./changes";
import { WATCHLIST_PATH, watchListUnsubscribeHeaders, watchUnsubscribePageUrl } from "./links";
import { lastDigestSlot, WEEKDAYS } from "./schedule";
import { changeHref } from "../articles/feed";

const WEEK_MS = 7 * 24 * 3_600_000;
/** A digest missed by more than this (the site was down) is skipped rather than sent late. */
const DIGEST_GRACE_MS = 12 * 3_600_000;
/** Resend keeps idempotency keys for 24 hours; leave a margin. */
const RESEND_WINDOW_MS = 23 * 3_600_000;

export type SweepResult = { sent: number; failed: number; skipped: number; lastId?: number };

const kindWords: Record<WatchEmailKind, string> = { changes: "change emails", digest: "the weekly digest" };

function itemOf(c: WatchedChange): ListEmailItem {
  const what =
    c.kind === "create" ? `New article${c.viaCategory ? ` in ${c.viaCategory}` : ""}` : c.kind === "revert" ? "Reverted to an earlier revision" : "Edited";
  return {
    title: c.title,
    href: absoluteUrl(changeHref(c)),
    lines: [`${what} by ${c.authorName}, ${formatDateTime(c.createdAt)}`, `Summary: ${c.summary}`],
  };
}

async function composeEmail(kind: WatchEmailKind, userId: string, changes: WatchedChange[], periodEnd: Date) {
  const n = changes.length;
  const heading =
    kind === "changes"
      ? n === 1
        ? `${changes[0].title} was changed`
        : `${n} changes to what you watch`
      : `Your weekly watchlist digest: ${n} ${n === 1 ? "change" : "changes"}`;
  const intro =
    kind === "changes"
      ? ["These approved changes were made to articles and categories you watch. Each link shows what changed."]
      : [`The approved changes to what you watch in the week to ${formatLongDate(periodEnd)}, newest first. Each link shows what changed.`];
  const { html, text } = await renderListEmail({
    heading,
    intro,
    items: changes.map(itemOf),
    button: { label: "Open your watchlist", url: absoluteUrl(WATCHLIST_PATH) },
    footer: [
      { before: "You get this because you watch these pages on Attune. " },
      { before: "Stop ", link: { label: `${kindWords[kind]}`, href: watchUnsubscribePageUrl(kind, userId) }, after: " with one click." },
      { link: { label: "Manage all watchlist emails", href: absoluteUrl(WATCHLIST_PATH) } },
    ],
  });
  return { subject: heading, html, text, headers: watchListUnsubscribeHeaders(kind, userId) };
}

/** The changes a claimed email lists: its own rows (change email) or the week before its slot (digest). */
async function changesOf(db: Db, email: { id: number; userId: string; kind: WatchEmailKind; periodKey: string }): Promise<WatchedChange[]> {
  if (email.kind === "digest") {
    const slot = new Date(email.periodKey);
    return listWatchedChanges(db, email.userId, { after: new Date(slot.getTime() - WEEK_MS), until: slot, limit: 200 });
  }
  const rows = await db.select({ revisionId: watchEmailChanges.revisionId }).from(watchEmailChanges).where(eq(watchEmailChanges.emailId, email.id));
  const ids = new Set(rows.map((r) => r.revisionId));
  const listed = await listWatchedChanges(db, email.userId, { limit: 1000, after: new Date(new Date(email.periodKey).getTime() - 1) });
  return listed.filter((c) => ids.has(c.revisionId));
}

/** Sends one claimed email and records how it went. */
async function deliver(
  db: Db,
  email: { id: number; userId: string; kind: WatchEmailKind; periodKey: string },
  periodEnd: Date,
): Promise<"sent" | "failed" | "skipped"> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, email.userId));
  const changes = await changesOf(db, email);
  const finish = (status: "sent" | "failed", fields: { providerId?: string | null; error?: string | null }) =>
    db
      .update(watchEmails)
      .set({ status, providerId: fields.providerId ?? null, error: fields.error ?? null, sentAt: status === "sent" ? new Date() : null })
      .where(and(eq(watchEmails.id, email.id), eq(watchEmails.status, "claimed")));
  if (!user?.email) {
    await finish("failed", { error: "The account has no email address." });
    return "failed";
  }
  if (changes.length === 0) {
    // A digest for a quiet week: nothing to say, so nothing is sent.
    await finish("sent", { error: "Nothing changed: no email was needed." });
    return "skipped";
  }
  const composed = await composeEmail(email.kind, email.userId, changes, periodEnd);
  const result = await send({ to: user.email, ...composed, tag: `watch-${email.kind}`, idempotencyKey: `watch-${email.kind}-${email.id}` });
  if (result.ok) {
    await finish("sent", { providerId: result.id });
    return "sent";
  }
  if (result.reason === "disabled") return "skipped"; // stays claimed: sent once email is configured (within a day)
  throw new WatchEmailFailed(result.message);
}

/** A send that may work later: the job is retried, the claim stays, and the retry sends the same email. */
export class WatchEmailFailed extends Error {}

/** Claims one change email for a watcher: every unmailed change up to `now`. Null when another sweep got there first. */
async function claimChangeEmail(db: Db, userId: string, firstAt: Date, now: Date) {
  return db.transaction(async (tx) => {
    const [email] = await tx
      .insert(watchEmails)
      .values({ userId, kind: "changes", periodKey: firstAt.toISOString(), claimedAt: now })
      .onConflictDoNothing()
      .returning({ id: watchEmails.id, userId: watchEmails.userId, kind: watchEmails.kind, periodKey: watchEmails.periodKey });
    if (!email) return null;
    const owed = watchedRevisionsSql(sql`w.user_id = ${userId}`, { until: now, unmailed: true });
    const inserted = rowsOf(
      await tx.execute(sql`
        insert into watch_email_changes (user_id, revision_id, email_id)
        select distinct ${userId}, o.revision_id, ${email.id}::int from (${owed}) o
        on conflict (user_id, revision_id) do nothing
        returning revision_id`),
    );
    if (inserted.length === 0) {
      await tx.delete(watchEmails).where(eq(watchEmails.id, email.id));
      return null;
    }
    return email;
  });
}

/** Watchers on change emails whose oldest unmailed change opened a window that has now passed. */
async function dueChangeWatchers(db: Db, now: Date, windowMs: number): Promise<{ userId: string; firstAt: Date }[]> {
  const owed = watchedRevisionsSql(
    sql`coalesce((select p.email_mode from watch_preferences p where p.user_id = w.user_id), 'immediate') = 'immediate'
        and r.created_at >= coalesce((select p.mode_since from watch_preferences p where p.user_id = w.user_id), w.created_at)`,
    { until: now, unmailed: true, after: new Date(now.getTime() - 2 * WEEK_MS) },
  );
  const result = await db.execute(sql`
    select o.user_id, min(o.created_at) as first_at from (${owed}) o
    group by o.user_id
    having min(o.created_at) <= ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz
    order by min(o.created_at)
    limit 500`);
  return rowsOf<{ user_id: string; first_at: string | Date }>(result).map((r) => ({ userId: r.user_id, firstAt: new Date(r.first_at) }));
}

/** Claims this week's digest for every weekly watcher whose chosen hour has come (once per slot). */
async function claimDueDigests(db: Db, now: Date) {
  const rows = await db
    .select({
      userId: watchPreferences.userId,
      weekday: watchPreferences.digestWeekday,
      hour: watchPreferences.digestHour,
      timeZone: watchPreferences.timeZone,
      modeSince: watchPreferences.modeSince,
    })
    .from(watchPreferences)
    .where(and(eq(watchPreferences.emailMode, "weekly"), sql`exists (select 1 from watches w where w.user_id = ${watchPreferences.userId})`));
  const claimed: { id: number; userId: string; kind: WatchEmailKind; periodKey: string }[] = [];
  for (const row of rows) {
    const slot = lastDigestSlot(now, row);
    if (slot < row.modeSince || now.getTime() - slot.getTime() > DIGEST_GRACE_MS) continue;
    const [email] = await db
      .insert(watchEmails)
      .values({ userId: row.userId, kind: "digest", periodKey: slot.toISOString(), claimedAt: now })
      .onConflictDoNothing()
      .returning({ id: watchEmails.id, userId: watchEmails.userId, kind: watchEmails.kind, periodKey: watchEmails.periodKey });
    if (email) claimed.push(email);
  }
  return claimed;
}

/** The weekday and hour of a digest, for the preferences page. */
export function describeDigest(weekday: number, hour: number, timeZone: string): string {
  return `${WEEKDAYS[weekday]}s at ${String(hour).padStart(2, "0")}:00 (${timeZone})`;
}

/** Claims every email due at `now` (change batches whose window has passed, digests whose hour has come). */
export async function claimDueWatchEmails(db: Db, now = new Date()): Promise<number> {
  let claimed = 0;
  const windowMs = env().WATCH_BATCH_MINUTES * 60_000;
  for (const due of await dueChangeWatchers(db, now, windowMs)) if (await claimChangeEmail(db, due.userId, due.firstAt, now)) claimed++;
  claimed += (await claimDueDigests(db, now)).length;
  return claimed;
}

/** Sends every claimed email (this sweep's, and any an earlier sweep claimed and did not finish). */
export async function deliverClaimedWatchEmails(db: Db, now = new Date()): Promise<SweepResult> {
  const result: SweepResult = { sent: 0, failed: 0, skipped: 0 };
  const stale = new Date(now.getTime() - RESEND_WINDOW_MS);
  await db
    .update(watchEmails)
    .set({ status: "failed", error: "Interrupted more than a day ago: not sent again, in case the first attempt went out." })
    .where(and(eq(watchEmails.status, "claimed"), lt(watchEmails.claimedAt, stale)));
  for (;;) {
    const batch = await db
      .select({ id: watchEmails.id, userId: watchEmails.userId, kind: watchEmails.kind, periodKey: watchEmails.periodKey })
      .from(watchEmails)
      .where(and(eq(watchEmails.status, "claimed"), sql`${watchEmails.id} > ${result.lastId ?? 0}`))
      .orderBy(watchEmails.id)
      .limit(100);
    if (batch.length === 0) break;
    for (const e of batch) {
      result[await deliver(db, e, e.kind === "digest" ? new Date(e.periodKey) : now)]++;
      result.lastId = e.id;
    }
  }
  delete result.lastId;
  return result;
}

/** One sweep: claims what is due, then sends everything claimed. Safe to run twice, or in two places at once. */
export async function runWatchSweep(db: Db, now = new Date()): Promise<SweepResult> {
  if (!emailEnabled()) return { sent: 0, failed: 0, skipped: 0 };
  await claimDueWatchEmails(db, now);
  return deliverClaimedWatchEmails(db, now);
}

/** How many emails are claimed and not yet sent (for tests and the job's record). */
export async function unsentWatchEmails(db: Db, ids?: number[]): Promise<number> {
  const rows = await db
    .select({ id: watchEmails.id })
    .from(watchEmails)
    .where(and(eq(watchEmails.status, "claimed"), ids ? inArray(watchEmails.id, ids) : undefined));
  return rows.length;
}
