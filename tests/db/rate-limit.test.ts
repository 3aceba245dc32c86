import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { hitRateLimit } from "@/lib/rate-limit";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe("hitRateLimit", () => {
  const rule = { key: "signin:a@example.org", limit: 3, windowSeconds: 3600 };
  const t0 = new Date("2026-11-25T10:05:00Z");

  it("allows up to the limit in a window, then refuses until the window ends", async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit(handle.db, rule, t0));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3].resetAt.toISOString()).toBe("2026-11-25T11:00:00.000Z");
    const next = await hitRateLimit(handle.db, rule, new Date("2026-11-25T11:00:01Z"));
    expect(next).toMatchObject({ allowed: true, count: 1 });
  });

  it("keeps keys apart", async () => {
    const other = await hitRateLimit(handle.db, { ...rule, key: "signin:b@example.org" }, t0);
    expect(other.count).toBe(1);
  });

  it("counts concurrent hits exactly", async () => {
    const key = { key: "burst", limit: 10, windowSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 25 }, () => hitRateLimit(handle.db, key, t0)));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });
});
