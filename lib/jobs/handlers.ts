// What each queue's job does. Every handler is safe to run twice: the work it calls claims rows before mailing.
import "server-only";
import type { Job } from "pg-boss";
import { deliverPendingReceipts, deliverOwedReceipts } from "../donations/receipts";
import { notifyAuthor } from "../moderation/notify";
import { runSend } from "../newsletter/send";
import { runDumps } from "../dumps/job";
import { getDb } from "../db/client";
import { runWatchSweep, WatchEmailFailed } from "../watch/emails";
import type { JobData, QueueName } from "./queues";

/**
 * A failure pg-boss should retry later (with its backoff), in words for the job's record. Not an AppError: it is
 * read by the queue and by whoever looks at the job, never shown to a person on a page.
 */
export class RetryLater extends Error {}

export const handlers: { [Q in QueueName]: (data: JobData[Q]) => Promise<unknown> } = {
  "donation-receipts": async (data) => {
    const db = getDb();
    const result = "owed" in data ? await deliverOwedReceipts(db) : await deliverPendingReceipts(data.donationIds, db);
    if (result.failed > 0) throw new RetryLater(`${result.failed} receipt(s) not sent yet: ${result.lastError ?? "the email service failed"}`);
    return result;
  },
  "moderation-notices": async (data) => {
    const result = await notifyAuthor(getDb(), data);
    if (result && !result.ok && result.reason === "failed") throw new RetryLater(`The notice was not sent: ${result.message}`);
    return result ?? { ok: true };
  },
  "newsletter-sends": async ({ issueId }) => {
    const summary = await runSend(issueId);
    // A send stopped by a passing failure (network, 5xx, 429) is retried; "email is not configured" waits for Resume.
    if (summary.outcome === "interrupted" && summary.retryable) throw new RetryLater(summary.message ?? "The send was interrupted.");
    return summary;
  },
  "article-dumps": () => runDumps(),
  "watch-emails": async () => {
    try {
      return await runWatchSweep(getDb());
    } catch (error) {
      if (error instanceof WatchEmailFailed) throw new RetryLater(`A watchlist email was not sent yet: ${error.message}`);
      throw error;
    }
  },
};

/** Runs one fetched job's handler (also used by tests to work a queue step by step). */
export async function runJob<Q extends QueueName>(name: Q, job: Job<JobData[Q]>): Promise<unknown> {
  return handlers[name](job.data);
}
