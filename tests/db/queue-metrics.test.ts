import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { proposals, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getQueueMetrics, startOfWeekUtc } from "@/lib/moderation/metrics";
import { createTestDatabase } from "../support/db";

// Wednesday 2 December 2026, 12:00 UTC: the week began on Monday 30 November.
const NOW = new Date("2026-12-02T12:00:00Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const moderator = { id: "metrics-mod-a", role: "moderator" as const };

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  await db.insert(users).values([
    { id: "metrics-author", role: "contributor", email: "metrics-author@example.org", displayName: "Writer" },
    { id: "metrics-mod-a", role: "moderator", email: "mod-a@example.org", displayName: "Ada" },
    { id: "metrics-mod-b", role: "moderator", email: "mod-b@example.org", displayName: "Bea" },
  ]);
  const base = { authorId: "metrics-author", source: "---\ntitle: x\n---\nx", summary: "An edit" };
  await db.insert(proposals).values([
    // Waiting: the oldest since 3 hours ago.
    { ...base, status: "pending", createdAt: ago(180) },
    { ...base, status: "pending", createdAt: ago(20) },
    // Decided within 30 days: 60, 120 and 600 minutes from submission to decision (median 120).
    { ...base, status: "approved", reviewerId: "metrics-mod-a", createdAt: ago(1_000), decidedAt: ago(940) },
    { ...base, status: "rejected", reviewerId: "metrics-mod-a", createdAt: ago(3_000), decidedAt: ago(2_880) },
    { ...base, status: "changes_requested", reviewerId: "metrics-mod-b", createdAt: ago(5 * 1_440 + 600), decidedAt: ago(5 * 1_440) },
    // Decided 40 days ago: not in the 30-day median, nor this week.
    { ...base, status: "approved", reviewerId: "metrics-mod-b", createdAt: ago(40 * 1_440 + 10_000), decidedAt: ago(40 * 1_440) },
    // Withdrawn by its author: no moderator's decision.
    { ...base, status: "withdrawn", createdAt: ago(90), decidedAt: null },
  ]);
});
afterAll(async () => {
  await handle.close();
});

describe("queue metrics", () => {
  it("counts what waits, the oldest, the 30-day median and this week's decisions per moderator", async () => {
    const m = await getQueueMetrics(handle.db, moderator, NOW);
    expect(m.pending).toBe(2);
    expect(m.oldestPendingSince?.toISOString()).toBe(ago(180).toISOString());
    expect(m.decisionsLast30Days).toBe(3);
    expect(m.medianMinutesToDecision).toBe(120);
    // Bea's decision was five days ago, last week: only Ada's two count since Monday.
    expect(m.thisWeek).toEqual([{ name: "Ada", decisions: 2 }]);
  });

  it("says there is nothing when nothing was decided", async () => {
    const m = await getQueueMetrics(handle.db, moderator, new Date("2027-06-01T00:00:00Z"));
    expect(m.medianMinutesToDecision).toBeNull();
    expect(m.thisWeek).toEqual([]);
  });

  it("is for moderators only", async () => {
    await expect(getQueueMetrics(handle.db, { id: "metrics-author", role: "contributor" }, NOW)).rejects.toBeInstanceOf(AppError);
  });

  it("starts the week on Monday, in UTC", () => {
    expect(startOfWeekUtc(new Date("2026-12-02T12:00:00Z")).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(startOfWeekUtc(new Date("2026-11-30T00:00:00Z")).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(startOfWeekUtc(new Date("2026-12-06T23:59:59Z")).toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });
});
