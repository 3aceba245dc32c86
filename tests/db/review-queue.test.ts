// The re-review queue's order and who may read it, the article page's review badge, and the seed's sample reviews
// (development only: never in a production seed).
import { asc, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { createTestDatabase } from "../support/db";
import type { Db, DbHandle } from "@/lib/db/client";
import { articleReviews, articles, expertProfiles, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { grantExpertise } from "@/lib/reviews/profiles";
import { formatQueueCursor, listReviewQueue, parseQueueCursor, readReviewQueue, type QueueCursor, type QueuePage } from "@/lib/reviews/queue";
import { getReviewBadge } from "@/lib/reviews/reviews";
import { seedIfEmpty } from "@/lib/seed";
import { SAMPLE_EXPERT, wantsSampleReviews } from "@/lib/seed/sample-reviews";

// unstable_cache passes through outside a Next server.
vi.mock("next/cache", () => ({ unstable_cache: <T>(fn: T) => fn, updateTag: () => {}, revalidateTag: () => {} }));

const NOW = new Date("2026-12-01T12:00:00Z");
const limits = { validMonths: 12, changeShare: 0.2 };
const months = (n: number) => new Date(Date.UTC(2026, 11 - n, 1, 12));

let handle: DbHandle;
let db: Db;
const admin: Actor = { id: "queue-admin", role: "admin" };
const expert: Actor = { id: "queue-expert", role: "contributor" };
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  await seedIfEmpty(db);
  await db.insert(users).values([
    { id: admin.id, role: "admin", email: "queue-admin@example.org", displayName: "Queue admin" },
    { id: expert.id, role: "contributor", email: "queue-expert@example.org", displayName: "Queue expert" },
  ]);
});
afterAll(async () => {
  await handle.close();
});

async function review(slug: string, createdAt: Date, changedShare = 0) {
  const [a] = await db.select({ id: articles.id, revisionId: articles.currentRevisionId }).from(articles).where(eq(articles.slug, slug));
  await db.insert(articleReviews).values({
    articleId: a.id,
    revisionId: a.revisionId as number,
    reviewerName: "Dr Q",
    credential: "PhD",
    note: `Review of ${slug}`,
    changedShare,
    createdAt,
  });
}

describe("the seed", () => {
  it("a test or production seed makes no expert profile and no review; development wants the samples", async () => {
    expect((await db.select({ n: count() }).from(expertProfiles))[0]?.n).toBe(0);
    expect((await db.select({ n: count() }).from(articleReviews))[0]?.n).toBe(0);
    expect(wantsSampleReviews(parseEnv({ NODE_ENV: "production", SITE_URL: "https://attune.example", EMAIL_TRANSPORT: "disabled" }))).toBe(false);
    expect(wantsSampleReviews(parseEnv({ NODE_ENV: "test" }))).toBe(false);
    expect(wantsSampleReviews(parseEnv({}))).toBe(true);
  });

  it("the development seed adds a clearly sample expert and at least 10 sample reviews", async () => {
    const dev = await createTestDatabase();
    try {
      await seedIfEmpty(dev.db, undefined, { samples: true });
      const [profile] = await dev.db.select().from(expertProfiles);
      expect(profile).toMatchObject({ userId: SAMPLE_EXPERT.id, sample: true, displayName: "Sample Expert (development only)" });
      expect(profile?.credential).toMatch(/Sample account — not a real reviewer/);
      const reviews = await dev.db.select({ note: articleReviews.note, name: articleReviews.reviewerName }).from(articleReviews);
      expect(reviews.length).toBeGreaterThanOrEqual(10);
      for (const r of reviews) {
        expect(r.note).toMatch(/^Sample review for development/);
        expect(r.name).toBe("Sample Expert (development only)");
      }
    } finally {
      await dev.close();
      // createTestDatabase made the dev database the process's default: give this file's back.
      const { setDbHandle } = await import("@/lib/db/client");
      setDbHandle(handle);
    }
  });
});

describe("the re-review queue", () => {
  it("is for experts only, whatever their role", async () => {
    await expect(listReviewQueue(db, null, limits)).rejects.toMatchObject({ code: "unauthorized" });
    const refused = await listReviewQueue(db, admin, limits).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toBe("The re-review queue is for experts with an expert profile.");
    await grantExpertise(db, admin, { account: "queue-expert@example.org", displayName: "Dr Q", credential: "PhD", field: "F" });
    expect((await listReviewQueue(db, expert, limits, null, NOW)).total).toBe(32);
  });

  it("sensitive first; then the oldest review first, never-reviewed as oldest; current reviews left out", async () => {
    const sensitive = (await db.select({ slug: articles.slug }).from(articles).where(eq(articles.sensitive, true)).orderBy(asc(articles.id))).map(
      (r) => r.slug,
    );
    const plain = (await db.select({ slug: articles.slug }).from(articles).where(eq(articles.sensitive, false)).orderBy(asc(articles.id))).map((r) => r.slug);
    expect(sensitive.length).toBeGreaterThanOrEqual(3);
    const [s1, s2, s3] = sensitive;
    const [p1, p2, p3, p4] = plain;
    await review(s1 as string, months(1), 0.5); // expired: changed 50%
    await review(s2 as string, months(14)); // expired by time, older
    await review(s3 as string, months(2)); // current: not in the queue
    await review(p1 as string, months(13)); // expired by time
    await review(p2 as string, months(20), 0.3); // expired both ways, oldest
    await review(p3 as string, months(3), 0.2); // exactly at the share: still current
    // An older expired review followed by a current one: the latest decides.
    await review(p4 as string, months(30));
    await review(p4 as string, months(1));

    const queue = await readReviewQueue(db, limits, null, NOW);
    const never = (list: string[]) => list.filter((s) => ![s1, s2, s3, p1, p2, p3, p4].includes(s));
    expect(queue.rows.map((r) => r.slug)).toEqual([...never(sensitive), s2, s1, ...never(plain), p2, p1]);
    expect(queue.total).toBe(queue.rows.length);
    const bySlug = new Map(queue.rows.map((r) => [r.slug, r]));
    expect(bySlug.get(s1 as string)).toMatchObject({ reason: "changed", changedShare: 0.5 });
    expect(bySlug.get(s2 as string)).toMatchObject({ reason: "time" });
    expect(bySlug.get(p2 as string)).toMatchObject({ reason: "time-and-changed" });
    expect(bySlug.get(never(plain)[0] as string)).toMatchObject({ reason: "never", reviewedAt: null });
    expect(queue.next).toBeNull();

    // Keyset pages of 4 rows, cursor through a URL and back: the same rows in the same order, each once.
    const paged: string[] = [];
    let cursor: QueueCursor | null = null;
    for (let i = 0; i < 20; i++) {
      const page: QueuePage = await readReviewQueue(db, limits, cursor, NOW, 4);
      expect(page.total).toBe(queue.total);
      paged.push(...page.rows.map((r) => r.slug));
      if (!page.next) break;
      cursor = parseQueueCursor(formatQueueCursor(page.next));
      expect(cursor).toEqual(page.next);
    }
    expect(paged).toEqual(queue.rows.map((r) => r.slug));
    expect(parseQueueCursor("1.5")).toBeNull(); // an expired segment's cursor carries its review time
    expect(parseQueueCursor("9.1")).toBeNull();
  });

  it("the badge says plainly when a review has expired, and never claims a current review", async () => {
    const rows = await db
      .select({ id: articles.id, slug: articles.slug, revisionId: articles.currentRevisionId, sensitive: articles.sensitive })
      .from(articles)
      .where(inArray(articles.sensitive, [true, false]))
      .orderBy(asc(articles.id));
    const s = rows.filter((r) => r.sensitive);
    const badge = async (r: (typeof rows)[number]) => getReviewBadge({ id: r.id, slug: r.slug, revisionId: r.revisionId as number }, NOW);
    expect((await badge(s[0]!))?.status).toEqual({ expired: true, byTime: false, byChange: true });
    expect((await badge(s[1]!))?.status).toEqual({ expired: true, byTime: true, byChange: false });
    expect(await badge(s[2]!)).toMatchObject({ status: { expired: false }, current: true, reviewerName: "Dr Q", credential: "PhD", validMonths: 12 });
    expect(await badge(s[3]!)).toBeNull();
  });
});
