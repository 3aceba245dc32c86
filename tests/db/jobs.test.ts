// The job queue on the app's own database (PGlite, or PostgreSQL with TEST_DATABASE_URL): jobs commit with the change
// that causes them, and each handler retries without mailing anyone twice.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { donationPayments, donations, emailOutbox, newsletterIssues, proposals, subscribers, users } from "@/lib/db/schema";
import { queueReceipts } from "@/lib/donations/receipts";
import { resetEnvCache } from "@/lib/env";
import { enqueue } from "@/lib/jobs/enqueue";
import { runJob } from "@/lib/jobs/handlers";
import { getBoss } from "@/lib/jobs/boss";
import { QUEUE_OPTIONS, QUEUES } from "@/lib/jobs/queues";
import { startJobs, stopJobs } from "@/lib/jobs/runner";
import { rejectProposal } from "@/lib/moderation/review";
import { startSend } from "@/lib/newsletter/issues";
import { resumeSend, sendProgress } from "@/lib/newsletter/send";
import { hashToken, unsubscribeTokenFor } from "@/lib/newsletter/tokens";
import { createTestDatabase } from "../support/db";
import { startFakeResend, type FakeResend } from "../support/fake-resend";
import { jobsOf, workJobs } from "../support/jobs";

let handle: DbHandle;
let fake: FakeResend;
const saved = { ...process.env };
const admin = { id: "jobs-admin", role: "admin" as const };
const moderator = { id: "jobs-moderator", role: "moderator" as const };
const author = { id: "jobs-author", role: "contributor" as const };

function useTransport(transport: "resend" | "outbox") {
  process.env.EMAIL_TRANSPORT = transport;
  resetEnvCache();
}

beforeAll(async () => {
  fake = await startFakeResend();
  Object.assign(process.env, {
    SITE_URL: "https://attune.example",
    AUTH_SECRET: "jobs-test-secret",
    RESEND_API_KEY: "re_test_jobs",
    RESEND_BASE_URL: fake.baseUrl,
    NEWSLETTER_BATCH_SIZE: "10",
  });
  useTransport("outbox");
  handle = await createTestDatabase();
  await handle.db.insert(users).values([
    { id: admin.id, email: "admin@jobs.test", role: "admin", displayName: "Admin" },
    { id: moderator.id, email: "mod@jobs.test", role: "moderator", displayName: "Mod" },
    { id: author.id, email: "author@jobs.test", role: "contributor", displayName: "Author" },
  ]);
});
afterAll(async () => {
  await handle.close();
  await fake.close();
  process.env = saved;
  resetEnvCache();
});
beforeEach(async () => {
  useTransport("outbox");
  fake.reset();
});

async function outboxTo(to: string, tag?: string) {
  return handle.db
    .select()
    .from(emailOutbox)
    .where(tag ? and(eq(emailOutbox.to, to), eq(emailOutbox.tag, tag)) : eq(emailOutbox.to, to));
}

async function unpaidReceipt(email: string, key: string): Promise<number> {
  const [d] = await handle.db
    .insert(donations)
    .values({ interval: "one_time", status: "paid", amount: 1200, currency: "usd", email })
    .returning({ id: donations.id });
  await handle.db.insert(donationPayments).values({ donationId: d.id, stripePaymentKey: key, amount: 1200, currency: "usd", paidAt: new Date() });
  return d.id;
}

describe("enqueueing in the transaction of the change", () => {
  it("a rolled-back change leaves no job, a committed one leaves exactly one", async () => {
    const before = (await jobsOf(QUEUES.receipts)).length;
    await expect(
      handle.db.transaction(async (tx) => {
        const [d] = await tx
          .insert(donations)
          .values({ interval: "one_time", status: "paid", amount: 500, currency: "usd", email: "rolled-back@example.org" })
          .returning({ id: donations.id });
        await queueReceipts(tx, [d.id]);
        throw new Error("the webhook's effect failed");
      }),
    ).rejects.toThrow("the webhook's effect failed");
    expect(await jobsOf(QUEUES.receipts)).toHaveLength(before);
    expect(await handle.db.select().from(donations).where(eq(donations.email, "rolled-back@example.org"))).toHaveLength(0);

    const id = await handle.db.transaction(async (tx) => {
      const [d] = await tx
        .insert(donations)
        .values({ interval: "one_time", status: "paid", amount: 500, currency: "usd", email: "committed@example.org" })
        .returning({ id: donations.id });
      await queueReceipts(tx, [d.id]);
      return d.id;
    });
    const jobs = await jobsOf(QUEUES.receipts);
    expect(jobs).toHaveLength(before + 1);
    expect(jobs.find((j) => "donationIds" in j.data && j.data.donationIds.includes(id))).toBeTruthy();
    await workJobs(QUEUES.receipts);
  });

  it("a moderation decision that fails part-way leaves no notice; a committed one queues one for the author", async () => {
    const [p] = await handle.db
      .insert(proposals)
      .values({ authorId: author.id, source: "---\ntitle: Jobs\n---\nText.", summary: "New" })
      .returning({ id: proposals.id });
    await expect(
      handle.db.transaction(async (tx) => {
        await enqueue(tx, QUEUES.notices, { authorId: author.id, proposalId: p.id, articleTitle: "x", outcome: "rejected", note: "no" });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await jobsOf(QUEUES.notices)).toHaveLength(0);

    await rejectProposal(handle.db, moderator, p.id, "Please cite a source.");
    const [job] = await jobsOf(QUEUES.notices);
    expect(job.data).toMatchObject({ authorId: author.id, proposalId: p.id, outcome: "rejected", note: "Please cite a source." });
    expect(await outboxTo("author@jobs.test")).toHaveLength(0); // nothing mailed before a worker takes it

    const worked = await workJobs(QUEUES.notices);
    expect(worked.map((w) => w.ok)).toEqual([true]);
    const mails = await outboxTo("author@jobs.test", "proposal-rejected");
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain("Please cite a source.");
  });
});

describe("receipt jobs", () => {
  it("fail (to be retried) while the email service fails, then send the receipt once however often they run", async () => {
    const id = await unpaidReceipt("retry@example.org", "pi_job_retry");
    await handle.db.transaction((tx) => queueReceipts(tx, [id]));

    // The email service cannot be reached: the send fails and the claim is released.
    process.env.RESEND_BASE_URL = "http://127.0.0.1:9";
    useTransport("resend");
    const [first] = await workJobs(QUEUES.receipts);
    process.env.RESEND_BASE_URL = fake.baseUrl;
    expect(first).toMatchObject({ ok: false });
    expect(first.error).toMatch(/not sent yet/);
    const [job] = (await jobsOf(QUEUES.receipts)).filter((j) => j.id === first.id);
    expect(job.state).toBe("retry");
    const [payment] = await handle.db
      .select({ at: donationPayments.receiptSentAt })
      .from(donationPayments)
      .where(eq(donationPayments.stripePaymentKey, "pi_job_retry"));
    expect(payment.at).toBeNull();

    // The retry (run here at once rather than after pg-boss's backoff), and a duplicate run: one receipt in all.
    useTransport("outbox");
    await runJob(QUEUES.receipts, job as never);
    await runJob(QUEUES.receipts, job as never);
    expect(await outboxTo("retry@example.org", "receipt")).toHaveLength(1);
  });

  it("the start-up sweep sends what is owed, once", async () => {
    await unpaidReceipt("owed@example.org", "pi_job_owed");
    await getBossSend({ owed: true });
    await getBossSend({ owed: true });
    const worked = await workJobs(QUEUES.receipts);
    expect(worked.every((w) => w.ok)).toBe(true);
    expect(await outboxTo("owed@example.org", "receipt")).toHaveLength(1);
  });
});

async function getBossSend(data: { owed: true }) {
  await handle.db.transaction((tx) => enqueue(tx, QUEUES.receipts, data));
}

describe("newsletter send jobs", () => {
  async function subscribe(n: number, prefix: string) {
    const emails = Array.from({ length: n }, (_, i) => `${prefix}${i}@example.org`);
    await handle.db
      .insert(subscribers)
      .values(emails.map((email) => ({ email, status: "confirmed" as const, unsubscribeTokenHash: hashToken(unsubscribeTokenFor(email)) })));
    return emails;
  }

  it("startSend queues one job; a send cut short is retried with the same idempotency keys and mails nobody twice", async () => {
    useTransport("resend");
    const emails = await subscribe(35, "reader");
    const [issue] = await handle.db
      .insert(newsletterIssues)
      .values({ slug: "jobs-issue", subject: "Jobs", markdown: "Hello." })
      .returning({ id: newsletterIssues.id });
    await startSend(handle.db, admin, issue.id);
    expect((await jobsOf(QUEUES.newsletter)).filter((j) => j.data.issueId === issue.id)).toHaveLength(1);
    // The progress display reads pg-boss's record, so it says "sending" whichever instance holds the job.
    expect(await sendProgress(handle.db, issue.id)).toMatchObject({ status: "sending", running: true, sent: 0 });
    // A second Resume while one job waits adds none (one waiting job per issue).
    expect(await resumeSend(handle.db, issue.id)).toBe(true);
    expect((await jobsOf(QUEUES.newsletter)).filter((j) => j.data.issueId === issue.id)).toHaveLength(1);

    // The provider goes down after two batches: the job fails and is kept for a retry.
    fake.failBatches({ after: 2, times: 20, mode: "reject" });
    const [first] = await workJobs(QUEUES.newsletter);
    expect(first).toMatchObject({ ok: false });
    const [job] = (await jobsOf(QUEUES.newsletter)).filter((j) => j.id === first.id);
    expect(job.state).toBe("retry");
    const tried = fake.batchRequests();
    const keysTried = new Set(tried.map((r) => r.headers["idempotency-key"]));

    // The retry (as another instance would run it): the chunk left claimed goes again under its first key.
    fake.failBatches({ after: 0, times: 0 });
    const result = await runJob(QUEUES.newsletter, job as never);
    expect(result).toMatchObject({ outcome: "sent", sent: 35, failed: 0, left: 0 });
    const counts = new Map<string, number>();
    for (const d of fake.delivered) counts.set(d.to, (counts.get(d.to) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...emails].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const retriedKeys = fake
      .batchRequests()
      .slice(tried.length)
      .map((r) => r.headers["idempotency-key"]);
    expect(retriedKeys.filter((k) => keysTried.has(k))).not.toHaveLength(0);
    const [row] = await handle.db.select({ status: newsletterIssues.status }).from(newsletterIssues).where(eq(newsletterIssues.id, issue.id));
    expect(row.status).toBe("sent");
    expect(await sendProgress(handle.db, issue.id)).toMatchObject({ status: "sent", running: false, sent: 35 });
    await handle.db.execute(sql`delete from subscribers`);
  });
});

describe("queue settings", () => {
  it("a queue an earlier release made with other settings gets today's at start-up", async () => {
    await getBoss().updateQueue(QUEUES.newsletter, { heartbeatSeconds: 60, retryLimit: 3 });
    expect(await getBoss().getQueue(QUEUES.newsletter)).toMatchObject({ heartbeatSeconds: 60, retryLimit: 3 });
    await stopJobs();
    await startJobs({ handle, work: false });
    const expected = QUEUE_OPTIONS[QUEUES.newsletter];
    expect(await getBoss().getQueue(QUEUES.newsletter)).toMatchObject({ heartbeatSeconds: expected.heartbeatSeconds, retryLimit: expected.retryLimit });
  });
});
