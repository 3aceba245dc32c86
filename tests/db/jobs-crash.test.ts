// A send whose instance dies mid-chunk is taken over by another instance once its heartbeat stops, and nobody is mailed twice.
import { count, eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { emailOutbox, newsletterIssues, subscribers } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { createBoss, getBoss } from "@/lib/jobs/boss";
import { enqueue } from "@/lib/jobs/enqueue";
import { runJob } from "@/lib/jobs/handlers";
import { QUEUES, type JobData } from "@/lib/jobs/queues";
import { claimChunk } from "@/lib/newsletter/send";
import { hashToken, unsubscribeTokenFor } from "@/lib/newsletter/tokens";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
let other: PgBoss | undefined;
const saved = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, { EMAIL_TRANSPORT: "outbox", SITE_URL: "https://attune.example", AUTH_SECRET: "crash-test-secret", NEWSLETTER_BATCH_SIZE: "10" });
  resetEnvCache();
  handle = await createTestDatabase();
});
afterAll(async () => {
  await other?.stop({ graceful: false, close: true });
  await handle.close();
  process.env = saved;
  resetEnvCache();
});

describe("crash detection", () => {
  it("the heartbeat lapses, another instance retries the job, and each subscriber gets the issue once", { timeout: 90_000 }, async () => {
    const emails = Array.from({ length: 25 }, (_, i) => `crash${i}@example.org`);
    await handle.db
      .insert(subscribers)
      .values(emails.map((email) => ({ email, status: "confirmed" as const, unsubscribeTokenHash: hashToken(unsubscribeTokenFor(email)) })));
    const issueId = await handle.db.transaction(async (tx) => {
      const [issue] = await tx
        .insert(newsletterIssues)
        .values({ slug: "crash-issue", subject: "Crash", markdown: "Hello.", status: "sending", sendStartedAt: new Date() })
        .returning({ id: newsletterIssues.id });
      // pg-boss's shortest heartbeat, so the test waits 10 s rather than the queue's 30.
      await enqueue(
        tx,
        QUEUES.newsletter,
        { issueId: issue.id },
        { singletonKey: `issue-${issue.id}`, heartbeatSeconds: 10, retryDelay: 1, retryBackoff: false },
      );
      return issue.id;
    });

    // Instance A takes the job, claims its first chunk, and dies: no heartbeat, no completion, nothing sent.
    const [taken] = await getBoss().fetch<JobData["newsletter-sends"]>(QUEUES.newsletter);
    expect(taken.data.issueId).toBe(issueId);
    expect(await claimChunk(handle.db, issueId, 10)).toHaveLength(10);

    // Instance B: supervises (finds the stale heartbeat) and works the queue.
    other = createBoss(handle, { supervise: true, superviseIntervalSeconds: 1 });
    await other.start();
    await other.work<JobData["newsletter-sends"]>(QUEUES.newsletter, { pollingIntervalSeconds: 0.5 }, async ([job]) => runJob(QUEUES.newsletter, job as never));

    const started = Date.now();
    for (;;) {
      const [row] = await handle.db.select({ status: newsletterIssues.status }).from(newsletterIssues).where(eq(newsletterIssues.id, issueId));
      if (row.status === "sent" || Date.now() - started > 60_000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const perAddress = await handle.db.select({ to: emailOutbox.to, n: count() }).from(emailOutbox).groupBy(emailOutbox.to);
    expect(perAddress.map((r) => r.to).sort()).toEqual([...emails].sort());
    expect(perAddress.every((r) => Number(r.n) === 1)).toBe(true);
    const [job] = (await getBoss().findJobs<JobData["newsletter-sends"]>(QUEUES.newsletter, { id: taken.id })) as { state: string; retryCount: number }[];
    expect(job).toMatchObject({ state: "completed" });
    expect(job.retryCount).toBeGreaterThanOrEqual(1);
  });
});
