// Concurrent approvals on one article. Only meaningful on PostgreSQL: PGlite runs one transaction at a time,
// while the postgres.js pool here has several connections, so the two transactions really overlap and
// only the article row lock keeps them from both publishing on the same base.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishRevision } from "@/lib/articles/publish";
import type { Actor } from "@/lib/auth/policy";
import type { Db, DbHandle } from "@/lib/db/client";
import { articles, proposals, revisions, users } from "@/lib/db/schema";
import { seedIfEmpty } from "@/lib/seed";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { submitProposal } from "@/lib/moderation/proposals";
import { approveProposal } from "@/lib/moderation/review";
import { createTestDatabase } from "../support/db";

const A: Actor = { id: "race-contributor-a", role: "contributor" };
const B: Actor = { id: "race-contributor-b", role: "contributor" };
const M: Actor = { id: "race-moderator-m", role: "moderator" };
const M2: Actor = { id: "race-moderator-m2", role: "moderator" };

const ROUNDS = 5;
const paragraphs = ["The first paragraph says one thing.", "The second paragraph sits in the middle.", "The third paragraph says another thing."];
const sourceOf = (title: string, body: string[]) =>
  `---\ntitle: ${title}\nsummary: A test article about ${title}.\ncategory: [Testing]\n---\n${body.join("\n\n")}\n`;

describe.skipIf(!process.env.TEST_DATABASE_URL)("concurrent approvals on PostgreSQL", () => {
  let handle: DbHandle;
  let db: Db;
  const savedEnv = { MAX_PENDING_PROPOSALS: process.env.MAX_PENDING_PROPOSALS, RATE_LIMIT_PROPOSALS_PER_HOUR: process.env.RATE_LIMIT_PROPOSALS_PER_HOUR };

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    expect(handle.kind).toBe("postgres");
    await seedIfEmpty(db);
    await db.insert(users).values([A, B, M, M2].map((u) => ({ ...u, email: `${u.id}@example.org`, displayName: u.id })));
    process.env.MAX_PENDING_PROPOSALS = "1000";
    process.env.RATE_LIMIT_PROPOSALS_PER_HOUR = "1000";
    resetEnvCache();
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
    await handle?.close();
  });

  /** A fresh article with one revision, and two pending proposals from that same revision. */
  async function setUp(title: string, change1: (body: string[]) => string[], change2: (body: string[]) => string[]) {
    const created = await db.transaction((tx) =>
      publishRevision(tx, { source: sourceOf(title, paragraphs), authorId: null, summary: "Start", kind: "create" }),
    );
    const submit = (who: Actor, change: (body: string[]) => string[]) =>
      submitProposal(db, who, {
        articleSlug: created.article.slug,
        source: sourceOf(title, change([...paragraphs])),
        summary: `Edit by ${who.id}`,
        acceptLicence: true,
      });
    const p1 = await submit(A, change1);
    const p2 = await submit(B, change2);
    return { articleId: created.article.id, baseRevisionId: created.revisionId, p1, p2 };
  }

  async function state(articleId: number, ids: number[]) {
    const [article] = await db.select({ current: articles.currentRevisionId }).from(articles).where(eq(articles.id, articleId));
    const [currentRevision] = await db.select().from(revisions).where(eq(revisions.id, article.current!));
    const history = await db.select({ id: revisions.id, parentId: revisions.parentId }).from(revisions).where(eq(revisions.articleId, articleId));
    const rows = await Promise.all(ids.map(async (id) => (await db.select().from(proposals).where(eq(proposals.id, id)))[0]));
    return { source: currentRevision.source, history, rows };
  }

  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))("(a) round %i: non-overlapping changes approved at once are both kept", async (round) => {
    const { articleId, baseRevisionId, p1, p2 } = await setUp(
      `Race Merge Round ${round}`,
      (b) => [`${b[0]} Added by A.`, b[1], b[2]],
      (b) => [b[0], b[1], `${b[2]} Added by B.`],
    );
    const results = await Promise.all([approveProposal(db, M, p1), approveProposal(db, M2, p2)]);
    expect(results.map((r) => r.outcome)).toEqual(["approved", "approved"]);
    // Exactly one of them saw the other's revision and merged; never both on the same base.
    expect(results.filter((r) => r.outcome === "approved" && r.merged)).toHaveLength(1);

    const { source, history, rows } = await state(articleId, [p1, p2]);
    expect(source).toContain("Added by A.");
    expect(source).toContain("Added by B.");
    expect(rows.map((r) => r.status)).toEqual(["approved", "approved"]);
    // A straight line of history: base → first approval → second approval.
    expect(history).toHaveLength(3);
    const [first, second] = rows.map((r) => r.resultRevisionId!).sort((x, y) => x - y);
    expect(history.find((h) => h.id === first)?.parentId).toBe(baseRevisionId);
    expect(history.find((h) => h.id === second)?.parentId).toBe(first);
  });

  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    "(b) round %i: overlapping changes approved at once: one wins, the other is conflicted",
    async (round) => {
      const { articleId, baseRevisionId, p1, p2 } = await setUp(
        `Race Conflict Round ${round}`,
        (b) => [b[0], `${b[1]} A's ending.`, b[2]],
        (b) => [b[0], `${b[1]} B's ending.`, b[2]],
      );
      const results = await Promise.all([approveProposal(db, M, p1), approveProposal(db, M2, p2)]);
      expect(results.map((r) => r.outcome).sort()).toEqual(["approved", "conflicted"]);

      const { source, history, rows } = await state(articleId, [p1, p2]);
      expect(rows.map((r) => r.status).sort()).toEqual(["approved", "conflicted"]);
      const winner = rows.find((r) => r.status === "approved")!;
      const loser = rows.find((r) => r.status === "conflicted")!;
      expect(source).toBe(winner.source);
      expect(source).not.toBe(loser.source);
      expect(loser.resultRevisionId).toBeNull();
      expect(history).toHaveLength(2);
      expect(history.find((h) => h.id === winner.resultRevisionId)?.parentId).toBe(baseRevisionId);
    },
  );

  it("two moderators approving the same proposal at once publish it once", async () => {
    const { articleId, p1 } = await setUp(
      "Race Same Proposal",
      (b) => [`${b[0]} Added by A.`, b[1], b[2]],
      (b) => [b[0], b[1], `${b[2]} Unused.`],
    );
    const settled = await Promise.allSettled([approveProposal(db, M, p1), approveProposal(db, M2, p1)]);
    const fulfilled = settled.filter((s) => s.status === "fulfilled");
    const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(AppError);
    expect((rejected[0].reason as AppError).code).toBe("conflict");
    const { history } = await state(articleId, [p1]);
    expect(history).toHaveLength(2);
  });

  it("two new articles with the same title approved at once: one is created, the other refused as a conflict", async () => {
    const source = sourceOf("Race Same Title", paragraphs);
    const ids: number[] = [];
    for (const who of [A, B]) ids.push(await submitProposal(db, who, { source, summary: "New article", acceptLicence: true }));
    const settled = await Promise.allSettled([approveProposal(db, M, ids[0]), approveProposal(db, M2, ids[1])]);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === "rejected");
    expect(rejected).toHaveLength(1);
    // A refusal a moderator can act on (request changes), not a raw unique-constraint error.
    expect(rejected[0].reason).toBeInstanceOf(AppError);
    expect((rejected[0].reason as AppError).code).toBe("conflict");
    expect(await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, "race-same-title"))).toHaveLength(1);
  });
});
