// Resend's request rate shared by every instance: two database pools (two "instances" on PostgreSQL) never exceed it together.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db, type DbHandle } from "@/lib/db/client";
import { rateLimits } from "@/lib/db/schema";
import { takeSendSlot } from "@/lib/email/rate";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
let second: DbHandle | undefined;
const saved = process.env.RESEND_REQUESTS_PER_SECOND;

beforeAll(async () => {
  process.env.RESEND_REQUESTS_PER_SECOND = "2";
  resetEnvCache();
  handle = await createTestDatabase();
  // On PostgreSQL a second pool stands for a second instance; PGlite has one connection, so both workers share it.
  second = handle.url ? openDatabase({ url: handle.url, poolMax: 2 }) : undefined;
});
afterAll(async () => {
  await second?.close();
  await handle.close();
  process.env.RESEND_REQUESTS_PER_SECOND = saved;
  resetEnvCache();
});

async function windows(): Promise<number[]> {
  const rows = await handle.db.select({ count: rateLimits.count }).from(rateLimits).where(eq(rateLimits.key, "resend:requests"));
  return rows.map((r) => r.count);
}

async function worker(db: Db, kind: "transactional" | "bulk", n: number): Promise<number[]> {
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    await takeSendSlot(kind, db);
    at.push(Date.now());
  }
  return at;
}

describe("the shared Resend limit", () => {
  it("two workers together make at most 2 requests in any one-second window", async () => {
    await handle.db.delete(rateLimits);
    const started = Date.now();
    const [a, b] = await Promise.all([worker(handle.db, "transactional", 3), worker(second?.db ?? handle.db, "transactional", 3)]);
    expect(a.length + b.length).toBe(6);
    const counts = await windows();
    expect(counts.reduce((x, y) => x + y, 0)).toBe(6); // refused tries were handed back: only granted requests count
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // six requests at two a second span three windows: two boundaries crossed
  });

  it("newsletter batches use the whole rate when no other mail waits", async () => {
    await handle.db.delete(rateLimits);
    const started = Date.now();
    const bulk = await worker(handle.db, "bulk", 6);
    expect(bulk).toHaveLength(6);
    // Six at two a second fill three windows: under 3 s, where one a second fewer would take more than 5.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(Math.max(...(await windows()))).toBeLessThanOrEqual(2);
  });

  it("a sign-in link during a send waits at most about one second: it reserves a request of the next window", async () => {
    await handle.db.delete(rateLimits);
    const waits: number[] = [];
    const bulk = worker(handle.db, "bulk", 10);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 700));
      const t = Date.now();
      await takeSendSlot("transactional", second?.db ?? handle.db);
      waits.push(Date.now() - t);
    }
    expect(await bulk).toHaveLength(10);
    expect(Math.max(...waits)).toBeLessThan(1_600);
    expect(Math.max(...(await windows()))).toBeLessThanOrEqual(2);
  });
});
