// The job queues, their payloads and their retry and crash-detection settings, in one place.
import type { Queue } from "pg-boss";
import type { ProposalOutcome } from "../moderation/notify";

export const QUEUES = {
  receipts: "donation-receipts",
  notices: "moderation-notices",
  newsletter: "newsletter-sends",
  dumps: "article-dumps",
  watch: "watch-emails",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export type JobData = {
  /** `owed`: every receipt still owed for recent payments (the start-up sweep). */
  "donation-receipts": { donationIds: number[] } | { owed: true };
  "moderation-notices": { authorId: string; proposalId: number; articleTitle: string; outcome: ProposalOutcome; note?: string | null };
  "newsletter-sends": { issueId: number };
  /** The nightly dump (lib/dumps): it reads everything it needs itself. */
  "article-dumps": Record<string, never>;
  /** A sweep of due watchlist emails (after an approval's batching window, and every WATCH_SWEEP_SECONDS). */
  "watch-emails": { sweep: true };
};

// Emails retry with backoff for about an hour; a job whose worker died is retried once its expiry (or heartbeat) lapses.
const emailRetries = { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 600 } as const;

export const QUEUE_OPTIONS: Record<QueueName, Omit<Queue, "name">> = {
  // A sweep and a webhook's receipts may overlap: the claim on receipt_sent_at keeps each receipt to one email.
  "donation-receipts": { ...emailRetries, expireInSeconds: 120 },
  "moderation-notices": { ...emailRetries, expireInSeconds: 120 },
  // One sweep active at a time across instances (the claim in watch_emails guards every email; this keeps two sweeps
  // from sending the same claimed one at once); the heartbeat hands a dead instance's sweep on within about 35 s.
  "watch-emails": { ...emailRetries, policy: "singleton", heartbeatSeconds: 30, expireInSeconds: 600 },
  // One send per issue at a time and at most one waiting (stately, keyed by issue id); the heartbeat (10 s, the least pg-boss allows) hands a dead instance's send to another within about 15 s.
  "newsletter-sends": {
    policy: "stately",
    retryLimit: 50,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 120,
    heartbeatSeconds: 10,
    expireInSeconds: 24 * 60 * 60,
  },
  // One dump at a time and at most one waiting; a dead worker's run is retried (a fresh generation, the old one kept).
  "article-dumps": { policy: "stately", retryLimit: 3, retryDelay: 300, heartbeatSeconds: 30, expireInSeconds: 6 * 60 * 60 },
};
