// Watchlists and their emails against a real database: watching, auto-watch, the batching window, digests across
// time zones, no second email after a retried or killed job, and one-click unsubscribe per kind.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import type { Db, DbHandle } from "@/lib/db/client";
import { articleCategories, articles, emailOutbox, revisions, users, watches, watchEmails, watchPreferences, type Role } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { createBoss, getBoss } from "@/lib/jobs/boss";
import { enqueue } from "@/lib/jobs/enqueue";
import { runJob } from "@/lib/jobs/handlers";
import { QUEUES, type JobData } from "@/lib/jobs/queues";
import { submitProposal } from "@/lib/moderation/proposals";
import { approveProposal } from "@/lib/moderation/review";
import { seedIfEmpty } from "@/lib/seed";
import { claimDueWatchEmails, runWatchSweep } from "@/lib/watch/emails";
import { unsubscribeWatchEmails } from "@/lib/watch/unsubscribe";
import { isWatching, openWatchlist, savePreferences, setWatching } from "@/lib/watch/watches";
import { createTestDatabase } from "../support/db";

vi.mock("next/cache", () => ({ unstable_cache: <T>(fn: T) => fn, revalidateTag: () => {}, updateTag: () => {} }));

const person = (id: string, role: Role) => ({ id, role, email: `${id}@example.org`, displayName: id.replace(/-/g, " ") });
const people = [
  person("watcher-w", "reader"),
  person("watcher-x", "contributor"),
  person("berlin-b", "reader"),
  person("angeles-l", "reader"),
  person("editor-e", "contributor"),
  person("editor-f", "contributor"),
  person("moderator-m", "moderator"),
  person("crash-c", "reader"),
];
const A = (id: string): Actor => ({ id, role: people.find((p) => p.id === id)!.role });
const W = A("watcher-w");
const X = A("watcher-x");
const E = A("editor-e");
const F = A("editor-f");
const M = A("moderator-m");

const saved = { ...process.env };
let handle: DbHandle;
let db: Db;
let slugs: string[] = [];
let category = "";
let other: PgBoss | undefined;

beforeAll(async () => {
  Object.assign(process.env, {
    EMAIL_TRANSPORT: "outbox",
    SITE_URL: "https://attune.example",
    AUTH_SECRET: "watch-test-secret",
    WATCH_BATCH_MINUTES: "60",
    MAX_PENDING_PROPOSALS: "1000",
    RATE_LIMIT_PROPOSALS_PER_HOUR: "1000",
    // Two cores shared with other test runs: rendering a submission may take longer than the default budget.
    RENDER_BUDGET_MS: "10000",
  });
  resetEnvCache();
  handle = await createTestDatabase();
  db = handle.db;
  await seedIfEmpty(db);
  await db.insert(users).values(people);
  slugs = (await db.select({ slug: articles.slug }).from(articles).orderBy(asc(articles.slug)).limit(8)).map((r) => r.slug);
  const [c] = await db.select({ category: articleCategories.category }).from(articleCategories).orderBy(asc(articleCategories.category)).limit(1);
  category = c.category;
});
afterAll(async () => {
  await other?.stop({ graceful: false, close: true });
  await handle.close();
  process.env = saved;
  resetEnvCache();
});
beforeEach(async () => {
  await db.delete(emailOutbox);
});

async function sourceOf(slug: string): Promise<string> {
  const [row] = await db
    .select({ source: revisions.source })
    .from(articles)
    .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
    .where(eq(articles.slug, slug));
  return row.source;
}

let edits = 0;
/** An approved edit by `who` with this summary; returns the new revision id. */
async function approvedEdit(who: Actor, slug: string, summary: string): Promise<number> {
  const source = `${(await sourceOf(slug)).trimEnd()}\n\nAn added sentence, number ${++edits}, for the watchlist tests.\n`;
  const id = await submitProposal(db, who, { articleSlug: slug, source, summary, acceptLicence: true }).catch((e: { fieldErrors?: unknown }) => {
    throw new Error(JSON.stringify(e.fieldErrors));
  });
  const result = await approveProposal(db, M, id);
  if (result.outcome !== "approved") throw new Error("expected an approval");
  return result.revisionId;
}

/** The test's clock: moves a revision to when the story says it was approved (the app itself never does this). */
async function approvedAt(revisionId: number, at: Date) {
  await db.update(revisions).set({ createdAt: at }).where(eq(revisions.id, revisionId));
}

const mailTo = async (id: string) =>
  db
    .select({ subject: emailOutbox.subject, text: emailOutbox.text, html: emailOutbox.html, headers: emailOutbox.headers, tag: emailOutbox.tag })
    .from(emailOutbox)
    .where(eq(emailOutbox.to, `${id}@example.org`))
    .orderBy(asc(emailOutbox.id));

const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

describe("watching", () => {
  it("watches and unwatches an article and a category", async () => {
    const key = { target: "article" as const, slug: slugs[0] };
    expect(await isWatching(db, W.id, key)).toBe(false);
    await setWatching(db, W, key, true);
    await setWatching(db, W, key, true); // twice is once
    expect(await isWatching(db, W.id, key)).toBe(true);
    expect(await db.select().from(watches).where(eq(watches.userId, W.id))).toHaveLength(1);
    await setWatching(db, W, { target: "category", name: category }, true);
    expect(await isWatching(db, W.id, { target: "category", name: category })).toBe(true);
    await setWatching(db, W, key, false);
    await setWatching(db, W, { target: "category", name: category }, false);
    expect(await isWatching(db, W.id, key)).toBe(false);
    await expect(setWatching(db, W, { target: "article", slug: "no-such-article" }, true)).rejects.toMatchObject({ code: "not_found" });
    await expect(setWatching(db, null, key, true)).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("watches an article its author proposes an edit to, unless turned off", async () => {
    const source = `${(await sourceOf(slugs[1])).trimEnd()}\n\nA sentence proposed by the watcher.\n`;
    await submitProposal(db, X, { articleSlug: slugs[1], source, summary: "Add a sentence", acceptLicence: true });
    expect(await isWatching(db, X.id, { target: "article", slug: slugs[1] })).toBe(true);

    await savePreferences(db, X, { emailMode: "immediate", digestWeekday: "1", digestHour: "9", timeZone: "UTC" }); // box unticked
    const again = `${(await sourceOf(slugs[2])).trimEnd()}\n\nAnother proposed sentence.\n`;
    await submitProposal(db, X, { articleSlug: slugs[2], source: again, summary: "Add a sentence", acceptLicence: true });
    expect(await isWatching(db, X.id, { target: "article", slug: slugs[2] })).toBe(false);
  });

  it("lists changes since the last visit, newest first, with summaries and diff links", async () => {
    await setWatching(db, W, { target: "article", slug: slugs[3] }, true);
    const first = await approvedEdit(E, slugs[3], "Tighten the lead");
    const second = await approvedEdit(F, slugs[3], "Add a source");
    const page = await openWatchlist(db, W);
    expect(page.changes.slice(0, 2).map((c) => [c.revisionId, c.summary, c.isNew])).toEqual([
      [second, "Add a source", true],
      [first, "Tighten the lead", true],
    ]);
    expect(page.changes[0].parentId).toBe(first);
    const again = await openWatchlist(db, W);
    expect(again.changes.every((c) => !c.isNew)).toBe(true);
    expect(again.seenAt).not.toBeNull();
  });
});

describe("change emails", () => {
  it("batches the changes of an hour into one email, and a change after it into the next", async () => {
    const slug = slugs[4];
    await db.insert(watchPreferences).values({ userId: "berlin-b", emailMode: "off" }); // not part of this story
    const t0 = new Date(Date.now() + 60_000);
    // Only this watcher's mailbox counts here: earlier tests' watchers may be mailed by the same sweeps.
    await setWatching(db, A("watcher-x"), { target: "article", slug }, true, new Date(t0.getTime() - 3_600_000));
    await savePreferences(db, X, { emailMode: "immediate", digestWeekday: "1", digestHour: "9", timeZone: "UTC" }, new Date(t0.getTime() - 3_600_000));
    const r1 = await approvedEdit(E, slug, "First change of the hour");
    const r2 = await approvedEdit(F, slug, "Second change of the hour");
    await approvedAt(r1, t0);
    await approvedAt(r2, minutes(t0, 30));

    await runWatchSweep(db, minutes(t0, 45));
    expect(await mailTo(X.id)).toHaveLength(0);
    await runWatchSweep(db, minutes(t0, 61));
    expect(await mailTo(X.id)).toHaveLength(1);
    const [one] = await mailTo(X.id);
    expect(one.text).toContain("First change of the hour");
    expect(one.text).toContain("Second change of the hour");
    expect(one.text).toContain(`https://attune.example/wiki/${slug}/history?from=${r1}&to=${r2}`);
    expect(one.tag).toBe("watch-changes");

    const r3 = await approvedEdit(E, slug, "A change after the hour");
    await approvedAt(r3, minutes(t0, 75));
    await runWatchSweep(db, minutes(t0, 100));
    expect(await mailTo(X.id)).toHaveLength(1);
    await runWatchSweep(db, minutes(t0, 136));
    const mails = await mailTo(X.id);
    expect(mails).toHaveLength(2);
    expect(mails[1].text).toContain("A change after the hour");
    expect(mails[1].text).not.toContain("First change of the hour");

    // Sweeping again, later, sends nothing more: each change went to this watcher once.
    await runWatchSweep(db, minutes(t0, 300));
    expect(await mailTo(X.id)).toHaveLength(2);
    // The watcher's own approved edit is not news to them.
    const own = await approvedEdit(X, slug, "My own change");
    await approvedAt(own, minutes(t0, 310));
    await runWatchSweep(db, minutes(t0, 400));
    expect(await mailTo(X.id)).toHaveLength(2);
  });
});

describe("weekly digest", () => {
  // Monday 30 November 2026: 09:00 in Berlin is 08:00 UTC; in Los Angeles it is 17:00 UTC.
  const monday = new Date("2026-11-30T00:00:00Z");
  const hours = (n: number) => new Date(monday.getTime() + n * 3_600_000);

  it("goes out at 09:00 on Monday on each person's own clock, with the week's changes and new articles", async () => {
    const slug = slugs[5];
    const since = new Date("2026-11-01T00:00:00Z");
    for (const id of ["berlin-b", "angeles-l"]) await setWatching(db, A(id), { target: "article", slug }, true, since);
    await db.delete(watchPreferences).where(inArray(watchPreferences.userId, ["berlin-b", "angeles-l"]));
    await savePreferences(db, A("berlin-b"), { emailMode: "weekly", digestWeekday: "1", digestHour: "9", timeZone: "Europe/Berlin" }, since);
    await savePreferences(db, A("angeles-l"), { emailMode: "weekly", digestWeekday: "1", digestHour: "9", timeZone: "America/Los_Angeles" }, since);

    const inWeek = await approvedEdit(E, slug, "A change in the week");
    await approvedAt(inWeek, new Date("2026-11-27T12:00:00Z"));
    const lastWeek = await approvedEdit(E, slug, "A change the week before");
    await approvedAt(lastWeek, new Date("2026-11-20T12:00:00Z"));
    // A new article in a category Berlin watches.
    const newSource = `---\ntitle: Watch Digest Test Article\nsummary: A short summary of a new article.\ncategory: [Watch Digest Testing]\n---\nA lead paragraph for a brand new article.\n\n## History\nSome history.\n`;
    const proposal = await submitProposal(db, E, { source: newSource, summary: "Start a new article", acceptLicence: true });
    const created = await approveProposal(db, M, proposal);
    if (created.outcome !== "approved") throw new Error("expected an approval");
    await db.update(watches).set({ createdAt: since }).where(eq(watches.userId, "berlin-b"));
    await setWatching(db, A("berlin-b"), { target: "category", name: "Watch Digest Testing" }, true, since);
    await approvedAt(created.revisionId, new Date("2026-11-28T10:00:00Z"));

    // 07:59 UTC: not yet nine in Berlin.
    await runWatchSweep(db, new Date("2026-11-30T07:59:00Z"));
    expect(await mailTo("berlin-b")).toHaveLength(0);
    await runWatchSweep(db, hours(8));
    const [berlin] = await mailTo("berlin-b");
    expect(berlin.subject).toContain("weekly watchlist digest");
    expect(berlin.text).toContain("A change in the week");
    expect(berlin.text).toContain("Watch Digest Test Article");
    expect(berlin.text).toContain("New article in Watch Digest Testing");
    expect(berlin.text).not.toContain("A change the week before");
    expect(await mailTo("angeles-l")).toHaveLength(0); // still 00:00 in Los Angeles

    await runWatchSweep(db, hours(16.9));
    expect(await mailTo("angeles-l")).toHaveLength(0);
    await runWatchSweep(db, hours(17));
    const [angeles] = await mailTo("angeles-l");
    expect(angeles.text).toContain("A change in the week");
    expect(angeles.text).not.toContain("Watch Digest Test Article"); // LA does not watch that category

    // Once per week each, however often the sweep runs.
    await runWatchSweep(db, hours(18));
    expect(await mailTo("berlin-b")).toHaveLength(1);
    expect(await mailTo("angeles-l")).toHaveLength(1);
    const digests = await db
      .select()
      .from(watchEmails)
      .where(and(eq(watchEmails.kind, "digest"), eq(watchEmails.userId, "berlin-b")));
    expect(digests.map((d) => d.periodKey)).toEqual(["2026-11-30T08:00:00.000Z"]);
  });
});

describe("one-click unsubscribe", () => {
  it("turns off only the kind of email it came in", async () => {
    const [digest] = await db
      .select()
      .from(watchEmails)
      .where(and(eq(watchEmails.kind, "digest"), eq(watchEmails.userId, "berlin-b")));
    expect(digest.status).toBe("sent");
    // Berlin's next digest, to read its headers: one change in that week.
    await db.delete(emailOutbox);
    await approvedAt(await approvedEdit(E, slugs[5], "A change in the next week"), new Date("2026-12-03T12:00:00Z"));
    await runWatchSweep(db, new Date("2026-12-07T08:00:00Z"));
    const [mail] = await mailTo("berlin-b");
    const headers = mail.headers as Record<string, string>;
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const url = new URL(headers["List-Unsubscribe"].slice(1, -1));
    expect(url.pathname).toBe("/api/watch/unsubscribe");
    expect(url.searchParams.get("kind")).toBe("digest");
    expect(mail.html).toContain("https://attune.example/me/watchlist");

    const params = Object.fromEntries(url.searchParams);
    // The same token under the other kind is refused, and a change-email link does not stop the digest.
    expect(await unsubscribeWatchEmails(db, { ...params, kind: "changes" })).toEqual({ status: "invalid" });
    expect(await unsubscribeWatchEmails(db, { ...params, token: "x".repeat(43) })).toEqual({ status: "invalid" });
    expect(await unsubscribeWatchEmails(db, params)).toEqual({ status: "done", kind: "digest" });
    const [prefs] = await db.select().from(watchPreferences).where(eq(watchPreferences.userId, "berlin-b"));
    expect(prefs.emailMode).toBe("off");
    await runWatchSweep(db, new Date("2026-12-14T08:00:00Z"));
    expect(await mailTo("berlin-b")).toHaveLength(1);
  });

  it("a change email's link stops change emails and leaves a weekly choice alone", async () => {
    await savePreferences(db, A("angeles-l"), { emailMode: "weekly", digestWeekday: "1", digestHour: "9", timeZone: "America/Los_Angeles" });
    const { watchUnsubscribeToken } = await import("@/lib/watch/links");
    const changes = { kind: "changes", user: "angeles-l", token: watchUnsubscribeToken("changes", "angeles-l") };
    expect(await unsubscribeWatchEmails(db, changes)).toEqual({ status: "done", kind: "changes" });
    const [prefs] = await db.select().from(watchPreferences).where(eq(watchPreferences.userId, "angeles-l"));
    expect(prefs.emailMode).toBe("weekly");
  });
});

describe("jobs", () => {
  it("an approval queues a sweep after the batching window", async () => {
    const before = await getBoss().findJobs<JobData["watch-emails"]>(QUEUES.watch);
    await approvedEdit(E, slugs[6], "Queue a sweep");
    const after = await getBoss().findJobs<JobData["watch-emails"]>(QUEUES.watch);
    expect(after.length).toBe(before.length + 1);
    const job = after.find((j) => !before.some((b) => b.id === j.id)) as unknown as { startAfter: Date };
    expect(new Date(job.startAfter).getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
  });

  it("a sweep killed after claiming is retried by another instance, and the email goes out once", { timeout: 90_000 }, async () => {
    const C = A("crash-c");
    await setWatching(db, C, { target: "article", slug: slugs[7] }, true, new Date(Date.now() - 60_000));
    await approvedEdit(E, slugs[7], "A change during a crash"); // its own sweep waits an hour: not part of this story
    process.env.WATCH_BATCH_MINUTES = "0";
    resetEnvCache();
    await handle.db.transaction((tx) => enqueue(tx, QUEUES.watch, { sweep: true }, { heartbeatSeconds: 10, retryDelay: 1, retryBackoff: false }));

    // Instance A takes a sweep, claims the email, and dies before sending: no heartbeat, no completion.
    const [taken] = await getBoss().fetch<JobData["watch-emails"]>(QUEUES.watch);
    expect(taken).toBeDefined();
    expect(await claimDueWatchEmails(db)).toBeGreaterThanOrEqual(1);
    expect(await mailTo(C.id)).toHaveLength(0);

    // Instance B supervises, finds the stale heartbeat and works the retried sweep.
    other = createBoss(handle, { supervise: true, superviseIntervalSeconds: 1 });
    await other.start();
    await other.work<JobData["watch-emails"]>(QUEUES.watch, { pollingIntervalSeconds: 0.5 }, async ([job]) => runJob(QUEUES.watch, job as never));
    const started = Date.now();
    while ((await mailTo(C.id)).length === 0 && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 500));
    await new Promise((r) => setTimeout(r, 1500)); // any further sweep would have sent by now
    const mails = await mailTo(C.id);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain("A change during a crash");
    const [job] = (await getBoss().findJobs<JobData["watch-emails"]>(QUEUES.watch, { id: taken.id })) as { state: string; retryCount: number }[];
    expect(job.retryCount).toBeGreaterThanOrEqual(1);

    // And a plain retry of a finished sweep sends nothing again.
    await runWatchSweep(db);
    await runWatchSweep(db);
    expect(await mailTo(C.id)).toHaveLength(1);
  });
});
