import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { emailOutbox, newsletterDeliveries, newsletterIssues, subscribers, users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { idempotencyKeyFor } from "@/lib/newsletter/chunks";
import { listUnsubscribeHeaders } from "@/lib/newsletter/links";
import { claimChunk, resumeInterruptedSends, runSend, sendProgress, type SendOptions } from "@/lib/newsletter/send";
import { startSend } from "@/lib/newsletter/issues";
import { unsubscribeByToken } from "@/lib/newsletter/subscribers";
import { hashToken, unsubscribeTokenFor } from "@/lib/newsletter/tokens";
import { createTestDatabase } from "../support/db";
import { startFakeResend, type FakeResend } from "../support/fake-resend";

let handle: DbHandle;
let fake: FakeResend;
const admin = { id: "admin-send", role: "admin" as const };
const fast: SendOptions = { paceMs: 0, retries: 0, retryDelayMs: 0, batchSize: 10 };

function useTransport(transport: "resend" | "outbox" | "disabled") {
  process.env.EMAIL_TRANSPORT = transport;
  resetEnvCache();
}

beforeAll(async () => {
  fake = await startFakeResend();
  Object.assign(process.env, {
    SITE_URL: "https://attune.example",
    AUTH_SECRET: "db-test-secret",
    RESEND_API_KEY: "re_test_newsletter",
    RESEND_BASE_URL: fake.baseUrl,
    EMAIL_FROM: "Attune <news@attune.example>",
  });
  useTransport("resend");
  handle = await createTestDatabase();
  await handle.db.insert(users).values({ id: admin.id, email: "admin@attune.test", role: "admin", displayName: "Admin" });
});
afterAll(async () => {
  await handle.close();
  await fake.close();
  useTransport("outbox");
});
beforeEach(async () => {
  useTransport("resend");
  fake.reset();
  for (const table of ["newsletter_deliveries", "newsletter_issues", "subscribers", "email_outbox"]) await handle.db.execute(sql.raw(`delete from ${table}`));
});

async function addSubscribers(n: number, status: "confirmed" | "pending" | "unsubscribed" | "suppressed" = "confirmed", prefix = status): Promise<string[]> {
  const emails = Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, "0")}@example.org`);
  if (n > 0)
    await handle.db.insert(subscribers).values(emails.map((email) => ({ email, status, unsubscribeTokenHash: hashToken(unsubscribeTokenFor(email)) })));
  return emails;
}

async function sendingIssue(subject = "Bio tips"): Promise<number> {
  const [issue] = await handle.db
    .insert(newsletterIssues)
    .values({ slug: `issue-${Math.random().toString(36).slice(2)}`, subject, markdown: "Read [ghosting](/wiki/ghosting)." })
    .returning({ id: newsletterIssues.id });
  await startSend(handle.db, admin, issue.id);
  return issue.id;
}

/** Deliveries per subscriber for an issue: every confirmed subscriber should appear exactly once. */
async function deliveriesPerSubscriber(issueId: number) {
  return handle.db
    .select({ email: subscribers.email, n: count(), status: sql<string>`max(${newsletterDeliveries.status}::text)` })
    .from(newsletterDeliveries)
    .innerJoin(subscribers, eq(subscribers.id, newsletterDeliveries.subscriberId))
    .where(eq(newsletterDeliveries.issueId, issueId))
    .groupBy(subscribers.email)
    .orderBy(subscribers.email);
}

function deliveredCounts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of fake.delivered) m.set(d.to, (m.get(d.to) ?? 0) + 1);
  return m;
}

async function issueStatus(id: number) {
  const [row] = await handle.db
    .select({ status: newsletterIssues.status, sentAt: newsletterIssues.sentAt })
    .from(newsletterIssues)
    .where(eq(newsletterIssues.id, id));
  return row;
}

describe("sending an issue", () => {
  it("mails every confirmed subscriber once, through batch calls of at most 100, each with its own headers and an idempotency key", async () => {
    const confirmed = await addSubscribers(250);
    await addSubscribers(4, "pending");
    await addSubscribers(3, "unsubscribed");
    await addSubscribers(2, "suppressed");
    const id = await sendingIssue();

    const summary = await runSend(id, { ...fast, batchSize: 100 });
    expect(summary).toMatchObject({ outcome: "sent", sent: 250, failed: 0, left: 0 });

    const batches = fake.batchRequests();
    expect(batches.map((b) => (b.body as unknown[]).length)).toEqual([100, 100, 50]);
    const keys = batches.map((b) => b.headers["idempotency-key"]);
    expect(new Set(keys).size).toBe(3);
    expect(keys.every((k) => typeof k === "string" && k.startsWith(`newsletter-${id}/`))).toBe(true);

    expect([...deliveredCounts().keys()].sort()).toEqual(confirmed);
    expect([...deliveredCounts().values()].every((n) => n === 1)).toBe(true);
    for (const mail of fake.delivered) {
      const token = unsubscribeTokenFor(mail.to);
      expect(mail.headers).toEqual(listUnsubscribeHeaders(token));
      expect(mail.text).toContain(`https://attune.example/newsletter/unsubscribe?token=${token}`);
      expect(mail.html).toContain('href="https://attune.example/wiki/ghosting"');
    }

    const rows = await deliveriesPerSubscriber(id);
    expect(rows).toHaveLength(250);
    expect(rows.every((r) => Number(r.n) === 1 && r.status === "sent")).toBe(true);
    const [{ withProvider }] = await handle.db
      .select({ withProvider: count() })
      .from(newsletterDeliveries)
      .where(and(eq(newsletterDeliveries.issueId, id), sql`${newsletterDeliveries.providerId} like 'fake-%'`));
    expect(Number(withProvider)).toBe(250);
    expect(await issueStatus(id)).toMatchObject({ status: "sent", sentAt: expect.any(Date) });
  });

  it("shares one loop between two calls in the same process", async () => {
    await addSubscribers(15);
    const id = await sendingIssue();
    const a = runSend(id, fast);
    const b = runSend(id, fast);
    expect(b).toBe(a);
    await a;
    expect(fake.delivered).toHaveLength(15);
  });

  it("never lets two senders claim the same subscriber", async () => {
    await addSubscribers(30);
    const id = await sendingIssue();
    // Concurrent claimers may come back short (their candidates taken first); the loop claims again until none are left.
    const claimed = [];
    for (let round = 0; round < 10 && claimed.length < 30; round++) {
      const claims = await Promise.all(Array.from({ length: 6 }, () => claimChunk(handle.db, id, 10)));
      claimed.push(...claims.flat());
    }
    expect(claimed).toHaveLength(30);
    expect(new Set(claimed.map((c) => c.email)).size).toBe(30);
  });

  it("marks a refused chunk failed, with the reason, and carries on", async () => {
    await addSubscribers(25);
    const id = await sendingIssue();
    fake.failBatches({ after: 1, times: 1, mode: "invalid" });
    const summary = await runSend(id, fast);
    expect(summary).toMatchObject({ outcome: "sent", sent: 15, failed: 10, left: 0 });
    const failed = await handle.db.select({ error: newsletterDeliveries.error }).from(newsletterDeliveries).where(eq(newsletterDeliveries.status, "failed"));
    expect(failed.every((f) => f.error === "Invalid `to` field.")).toBe(true);
  });

  it("stores each email in the outbox, headers included, with the outbox transport", async () => {
    useTransport("outbox");
    const emails = await addSubscribers(12);
    const id = await sendingIssue("Outbox issue");
    expect(await runSend(id, fast)).toMatchObject({ outcome: "sent", sent: 12 });
    const rows = await handle.db.select().from(emailOutbox).where(eq(emailOutbox.subject, "Outbox issue"));
    expect(rows.map((r) => r.to).sort()).toEqual(emails);
    for (const r of rows) expect(r.headers).toEqual(listUnsubscribeHeaders(unsubscribeTokenFor(r.to)));
    expect(fake.requests).toHaveLength(0);
  });

  it("claims nothing and keeps the issue in sending while email is disabled", async () => {
    await addSubscribers(3);
    const id = await sendingIssue();
    useTransport("disabled");
    const summary = await runSend(id, fast);
    expect(summary.outcome).toBe("interrupted");
    expect(summary.message).toMatch(/not configured/);
    expect(await sendProgress(handle.db, id)).toMatchObject({ status: "sending", sent: 0, claimed: 0, left: 3 });
  });
});

describe("Resend's rate limit", () => {
  it("a 429 waits for its Retry-After, then the same chunk goes again under its key and everyone is mailed once", async () => {
    const confirmed = await addSubscribers(20);
    const id = await sendingIssue();
    fake.failBatches({ after: 1, times: 1, mode: "rate-limited" });
    const started = Date.now();
    const result = await runSend(id, { ...fast, retries: 1 });
    expect(result).toMatchObject({ outcome: "sent", sent: 20, failed: 0, left: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // retryDelayMs is 0: only Retry-After made it wait
    const batches = fake.batchRequests();
    expect(batches).toHaveLength(3);
    expect(batches[2].headers["idempotency-key"]).toBe(batches[1].headers["idempotency-key"]);
    expect([...deliveredCounts().entries()].sort()).toEqual(confirmed.map((e) => [e, 1]));
  });
});

describe("a send interrupted halfway", () => {
  it("resumes after the fake fails mid-send, and every confirmed subscriber gets exactly one delivery", async () => {
    const confirmed = await addSubscribers(45);
    const id = await sendingIssue();
    fake.failBatches({ after: 2, times: 1, mode: "reject" });

    const first = await runSend(id, fast);
    expect(first).toMatchObject({ outcome: "interrupted", sent: 20, failed: 0, left: 25 });
    expect(first.message).toMatch(/Resume/);
    expect(await sendProgress(handle.db, id)).toMatchObject({ status: "sending", sent: 20, claimed: 10, left: 25 });
    expect((await issueStatus(id)).status).toBe("sending");
    const failedKey = fake.batchRequests()[2].headers["idempotency-key"];

    // What start-up does: a job for every issue left in `sending`, which a worker then runs.
    expect(await resumeInterruptedSends(handle.db)).toEqual([id]);
    const resumed = await runSend(id, fast);
    expect(resumed).toMatchObject({ outcome: "sent", sent: 45, failed: 0, left: 0 });

    // The chunk that failed was sent again under its first key.
    expect(fake.batchRequests()[3].headers["idempotency-key"]).toBe(failedKey);
    const rows = await deliveriesPerSubscriber(id);
    expect(rows.map((r) => r.email)).toEqual(confirmed);
    expect(rows.every((r) => Number(r.n) === 1 && r.status === "sent")).toBe(true);
    expect([...deliveredCounts().entries()].sort()).toEqual(confirmed.map((e) => [e, 1]));
    expect((await issueStatus(id)).status).toBe("sent");
  });

  it("does not mail anyone twice when the provider sent a chunk but its answer was lost", async () => {
    const confirmed = await addSubscribers(30);
    const id = await sendingIssue();
    fake.failBatches({ after: 1, times: 1, mode: "accept-then-fail" });
    expect((await runSend(id, fast)).outcome).toBe("interrupted");
    expect(fake.delivered).toHaveLength(20); // the lost chunk did go out

    expect(await runSend(id, fast)).toMatchObject({ outcome: "sent", sent: 30 });
    const batches = fake.batchRequests();
    expect(batches[2].headers["idempotency-key"]).toBe(batches[1].headers["idempotency-key"]);
    expect([...deliveredCounts().entries()].sort()).toEqual(confirmed.map((e) => [e, 1]));
  });

  it("resumes a chunk claimed just before a crash (claimed, never sent)", async () => {
    const confirmed = await addSubscribers(25);
    const id = await sendingIssue();
    const orphan = await claimChunk(handle.db, id, 10); // the process died here
    expect(await runSend(id, fast)).toMatchObject({ outcome: "sent", sent: 25 });
    expect(fake.batchRequests()[0].headers["idempotency-key"]).toBe(
      idempotencyKeyFor(
        id,
        orphan.map((o) => o.id),
      ),
    );
    expect([...deliveredCounts().entries()].sort()).toEqual(confirmed.map((e) => [e, 1]));
  });

  it("skips someone who unsubscribed before the resume, and recognises the rest of their chunk as sent", async () => {
    const confirmed = await addSubscribers(20);
    const id = await sendingIssue();
    fake.failBatches({ after: 0, times: 1, mode: "accept-then-fail" });
    expect((await runSend(id, fast)).outcome).toBe("interrupted");
    const firstChunk = fake.delivered.map((d) => d.to);
    expect(await unsubscribeByToken(handle.db, unsubscribeTokenFor(firstChunk[0]))).toEqual({ status: "unsubscribed" });

    // The resumed chunk differs now, so the provider refuses the key as reused: the first attempt went out.
    expect(await runSend(id, fast)).toMatchObject({ outcome: "sent", sent: 19, failed: 1 });
    expect([...deliveredCounts().entries()].sort()).toEqual(confirmed.map((e) => [e, 1]));
    const [gone] = await handle.db
      .select({ status: newsletterDeliveries.status, error: newsletterDeliveries.error })
      .from(newsletterDeliveries)
      .innerJoin(subscribers, eq(subscribers.id, newsletterDeliveries.subscriberId))
      .where(eq(subscribers.email, firstChunk[0]));
    expect(gone).toEqual({ status: "failed", error: "No longer subscribed when this chunk was sent." });
  });

  it("a resumed send skips someone who unsubscribed after the send started, in the interrupted chunk or a later one", async () => {
    const confirmed = await addSubscribers(25);
    const id = await sendingIssue();
    const orphan = await claimChunk(handle.db, id, 10); // the process died here, before the batch call
    const inOrphan = orphan[3].email!;
    const notYetClaimed = confirmed[20];
    for (const email of [inOrphan, notYetClaimed]) expect(await unsubscribeByToken(handle.db, unsubscribeTokenFor(email))).toEqual({ status: "unsubscribed" });

    expect(await runSend(id, fast)).toMatchObject({ outcome: "sent", sent: 23, failed: 1, left: 0 });
    const mailed = deliveredCounts();
    expect(mailed.has(inOrphan)).toBe(false);
    expect(mailed.has(notYetClaimed)).toBe(false);
    expect([...mailed.entries()].sort()).toEqual(confirmed.filter((e) => e !== inOrphan && e !== notYetClaimed).map((e) => [e, 1]));
    const rows = new Map((await deliveriesPerSubscriber(id)).map((r) => [r.email, r.status]));
    expect(rows.get(inOrphan)).toBe("failed");
    expect(rows.has(notYetClaimed)).toBe(false);
  });

  it("does not re-send a chunk claimed longer ago than the provider remembers keys", async () => {
    await addSubscribers(15);
    const id = await sendingIssue();
    const orphan = await claimChunk(handle.db, id, 10);
    const later = new Date(Date.now() + 25 * 3600 * 1000);
    expect(await runSend(id, { ...fast, now: () => later })).toMatchObject({ outcome: "sent", sent: 5, failed: 10 });
    const orphanEmails = new Set(orphan.map((o) => o.email));
    expect(fake.delivered.some((d) => orphanEmails.has(d.to))).toBe(false);
  });

  it("stops after its retries and leaves the chunk claimed for the Resume button", async () => {
    await addSubscribers(5);
    const id = await sendingIssue();
    fake.failBatches({ after: 0, times: 3, mode: "reject" });
    const summary = await runSend(id, { ...fast, retries: 2 });
    expect(summary.outcome).toBe("interrupted");
    expect(fake.batchRequests()).toHaveLength(3);
    expect(await sendProgress(handle.db, id)).toMatchObject({ claimed: 5, sent: 0, left: 5 });
    expect(await runSend(id, fast)).toMatchObject({ outcome: "sent", sent: 5 });
    expect(fake.delivered).toHaveLength(5);
  });
});
