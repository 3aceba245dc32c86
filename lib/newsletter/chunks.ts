// Pure helpers of the send loop: chunk sizes and idempotency keys.
import { createHash } from "node:crypto";
import { MAX_BATCH_SIZE } from "../email";

/** A configured batch size, held to Resend's limit of 100 per call. */
export function effectiveBatchSize(configured: number): number {
  return Math.max(1, Math.min(MAX_BATCH_SIZE, Math.floor(configured)));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error("Chunk size must be a whole number above zero.");
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The key of one batch call: the issue and the set of deliveries in it (order does not matter), so a resumed
 * chunk repeats the key of its first attempt and Resend answers with that attempt's result instead of sending again.
 */
export function idempotencyKeyFor(issueId: number, deliveryIds: readonly number[]): string {
  const ids = [...deliveryIds].sort((a, b) => a - b).join(",");
  return `newsletter-${issueId}/${createHash("sha256").update(ids).digest("hex").slice(0, 40)}`;
}
