// Hostile Markdown through the three paths that render text nobody has reviewed: preview, submission and the
// moderator's review page. Each must answer (an error is a fine answer) while the event loop stays free, i.e.
// while any other request, /api/health included, would be answered. Bounds are generous for a slow machine;
// the figures printed are the ones the closing note compares with the 1 s / 200 ms targets.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderUntrusted } from "@/lib/articles/render-pool";
import { renderDraft } from "@/lib/articles/view";
import type { Actor } from "@/lib/auth/policy";
import type { Db, DbHandle } from "@/lib/db/client";
import { articles, proposals, users } from "@/lib/db/schema";
import { seedIfEmpty } from "@/lib/seed";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { submitProposal } from "@/lib/moderation/proposals";
import { getProposalDetail } from "@/lib/moderation/review";
import { createTestDatabase } from "../support/db";
import { hostileBodies, hostileSource } from "../support/hostile";

const ANSWER_BOUND_MS = 5_000;
const STALL_BOUND_MS = 1_000;

/** Runs `work` while a 10 ms ticker watches the event loop; returns how long it took and the longest the loop was held. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; elapsed: number; longestStall: number }> {
  let last = performance.now();
  let longestStall = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestStall = Math.max(longestStall, now - last);
    last = now;
  }, 10);
  const started = performance.now();
  try {
    const result = await work();
    const elapsed = performance.now() - started;
    longestStall = Math.max(longestStall, performance.now() - last);
    return { result, elapsed, longestStall };
  } finally {
    clearInterval(ticker);
  }
}

const contributor: Actor = { id: "hostile-author", role: "contributor" };
const moderator: Actor = { id: "hostile-moderator", role: "moderator" };
const figures: { shape: string; path: string; elapsed: number; stall: number }[] = [];

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
  process.env.RATE_LIMIT_PROPOSALS_PER_HOUR = "10000";
  process.env.MAX_PENDING_PROPOSALS = "10000";
  resetEnvCache();
  handle = await createTestDatabase();
  db = handle.db;
  await seedIfEmpty(db);
  await db.insert(users).values([
    { id: contributor.id, role: "contributor", email: "hostile@example.org", displayName: "Hostile author" },
    { id: moderator.id, role: "moderator", email: "mod@example.org", displayName: "Careful moderator" },
  ]);
  await renderUntrusted("A warm-up, so worker start-up is not counted against the first shape.", 30_000);
}, 60_000);
afterAll(async () => {
  console.table(figures.map((f) => ({ shape: f.shape, path: f.path, "answer ms": Math.round(f.elapsed), "longest stall ms": Math.round(f.stall) })));
  delete process.env.RATE_LIMIT_PROPOSALS_PER_HOUR;
  delete process.env.MAX_PENDING_PROPOSALS;
  resetEnvCache();
  await handle.close();
});

describe.each(Object.keys(hostileBodies))("%s, just under MAX_SOURCE_KB", (shape) => {
  const source = hostileSource(shape);

  it("preview answers with an error, without stalling other requests", async () => {
    const { result, elapsed, longestStall } = await measured(() => renderDraft(source));
    figures.push({ shape, path: "preview", elapsed, stall: longestStall });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join(" ")).toMatch(/nested too deeply|Too many|too wide|too long|too complex to render|more than/);
    expect(elapsed).toBeLessThan(ANSWER_BOUND_MS);
    expect(longestStall).toBeLessThan(STALL_BOUND_MS);
  });

  it("submission refuses it with a field message and stores nothing", async () => {
    const { result, elapsed, longestStall } = await measured(() =>
      submitProposal(db, contributor, { source, summary: "A hostile proposal", acceptLicence: true }).then(
        () => null,
        (error: unknown) => error,
      ),
    );
    figures.push({ shape, path: "submission", elapsed, stall: longestStall });
    expect(result).toBeInstanceOf(AppError);
    expect(result).toMatchObject({ code: "bad_request" });
    const { fieldErrors } = result as AppError;
    expect(fieldErrors.body ?? fieldErrors.source).toBeTruthy();
    expect(await db.select({ id: proposals.id }).from(proposals).where(eq(proposals.summary, "A hostile proposal"))).toHaveLength(0);
    expect(elapsed).toBeLessThan(ANSWER_BOUND_MS);
    expect(longestStall).toBeLessThan(STALL_BOUND_MS);
  });

  it("a proposal already stored with it still opens for review: diff bounded, preview replaced by the error", async () => {
    // Stored as older code would have accepted it (straight into the table, past today's checks).
    const [article] = await db.select({ id: articles.id, revisionId: articles.currentRevisionId }).from(articles).where(eq(articles.slug, "ghosting"));
    const [row] = await db
      .insert(proposals)
      .values({ articleId: article.id, baseRevisionId: article.revisionId, authorId: contributor.id, source, summary: `Stored ${shape}` })
      .returning({ id: proposals.id });
    const { result, elapsed, longestStall } = await measured(async () => {
      const detail = await getProposalDetail(db, moderator, row.id);
      return { detail, draft: await renderDraft(detail.proposal.source) };
    });
    figures.push({ shape, path: "review page", elapsed, stall: longestStall });
    expect(result.detail.canReview).toBe(true); // the decision form is shown
    expect(result.detail.diff.parts.length).toBeGreaterThan(0);
    expect(result.draft.ok).toBe(false);
    expect(elapsed).toBeLessThan(ANSWER_BOUND_MS);
    expect(longestStall).toBeLessThan(STALL_BOUND_MS);
  });
});

describe("ordinary articles", () => {
  it("the worker renders every seed article exactly as the page renders it", async () => {
    const { readSeedArticles } = await import("@/lib/seed");
    const { renderArticleBody } = await import("@/lib/articles/render");
    const { parseArticleSource } = await import("@/lib/articles/source");
    for (const { file, source } of readSeedArticles()) {
      const parsed = parseArticleSource(source);
      if (!parsed.ok) throw new Error(`${file} does not parse`);
      expect(await renderUntrusted(parsed.value.body), file).toEqual(await renderArticleBody(parsed.value.body));
    }
  });
});
