import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { emptySourceRow, fieldsToSource, sourceToFields } from "@/lib/articles/editor-model";
import { parseArticleSource } from "@/lib/articles/source";
import type { Actor } from "@/lib/auth/policy";
import { changeRole, listUsers } from "@/lib/auth/roles";
import type { Db, DbHandle } from "@/lib/db/client";
import { articleAliases, articles, auditLog, proposals, revisions, users, type Role } from "@/lib/db/schema";
import { seedIfEmpty } from "@/lib/seed";
import { resetEnvCache } from "@/lib/env";
import { type AppErrorCode } from "@/lib/errors";
import { diffRevisions, listRevisions, revertToRevision } from "@/lib/moderation/history";
import { resubmitProposal, submitProposal, withdrawProposal } from "@/lib/moderation/proposals";
import { approveProposal, claimProposal, getProposalDetail, listQueue, rejectProposal, requestChanges } from "@/lib/moderation/review";
import { createTestDatabase } from "../support/db";
import { appError } from "../support/errors";

const person = (id: string, role: Role) => ({ id, role, email: `${id}@example.org`, displayName: id.replace(/-/g, " ") });
const people = {
  A: person("contributor-a", "contributor"),
  B: person("contributor-b", "contributor"),
  R: person("reader-r", "reader"),
  M: person("moderator-m", "moderator"),
  M2: person("moderator-m2", "moderator"),
  admin: person("admin-z", "admin"),
  // Fresh accounts for the limit tests, so other tests' submissions do not count against them.
  C1: person("contributor-c1", "contributor"),
  C2: person("contributor-c2", "contributor"),
};
const actor = (p: { id: string; role: Role }): Actor => ({ id: p.id, role: p.role });
const A = actor(people.A);
const B = actor(people.B);
const R = actor(people.R);
const M = actor(people.M);
const M2 = actor(people.M2);
const ADMIN = actor(people.admin);

const LIMIT_KEYS = ["MAX_PENDING_PROPOSALS", "RATE_LIMIT_PROPOSALS_PER_HOUR"] as const;
const savedEnv = Object.fromEntries(LIMIT_KEYS.map((k) => [k, process.env[k]]));
function setLimits(values: Partial<Record<(typeof LIMIT_KEYS)[number], string>>) {
  // Generous limits everywhere except where a limit is what a test checks.
  process.env.MAX_PENDING_PROPOSALS = values.MAX_PENDING_PROPOSALS ?? "1000";
  process.env.RATE_LIMIT_PROPOSALS_PER_HOUR = values.RATE_LIMIT_PROPOSALS_PER_HOUR ?? "1000";
  resetEnvCache();
}

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  await seedIfEmpty(db);
  await db.insert(users).values(Object.values(people));
  setLimits({});
});
afterAll(async () => {
  for (const k of LIMIT_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  resetEnvCache();
  await handle.close();
});

// ---- helpers ----

async function current(slug: string) {
  const [row] = await db
    .select({
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      summary: articles.summary,
      bodyText: articles.bodyText,
      revisionId: articles.currentRevisionId,
      source: revisions.source,
    })
    .from(articles)
    .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
    .where(eq(articles.slug, slug));
  if (!row) throw new Error(`no article ${slug}`);
  return row;
}

async function proposal(id: number) {
  const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
  return row;
}

async function revisionCount(articleId?: number) {
  const [{ n }] = await db
    .select({ n: count() })
    .from(revisions)
    .where(articleId === undefined ? undefined : eq(revisions.articleId, articleId));
  return n;
}

async function proposalCount() {
  const [{ n }] = await db.select({ n: count() }).from(proposals);
  return n;
}

/** Everything a refused call must leave as it was. */
async function snapshot() {
  const [p, r, a, al, au, u] = await Promise.all([
    db
      .select({
        id: proposals.id,
        status: proposals.status,
        source: proposals.source,
        summary: proposals.summary,
        base: proposals.baseRevisionId,
        claimedBy: proposals.claimedBy,
        note: proposals.reviewNote,
      })
      .from(proposals)
      .orderBy(asc(proposals.id)),
    db.select({ n: count() }).from(revisions),
    db.select({ id: articles.id, slug: articles.slug, rev: articles.currentRevisionId }).from(articles).orderBy(asc(articles.id)),
    db.select({ n: count() }).from(articleAliases),
    db.select({ n: count() }).from(auditLog),
    db.select({ id: users.id, role: users.role }).from(users).orderBy(asc(users.id)),
  ]);
  return { proposals: p, proposalCount: p.length, revisions: r[0].n, articles: a, aliases: al[0].n, audit: au[0].n, users: u };
}

function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`text does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** Prose lines of the body (not headings, not front matter), in order. */
function proseLines(source: string): string[] {
  const body = source.split(/\n---\n/)[1];
  return body.split("\n").filter((l) => l.length > 80 && !l.startsWith("#") && !l.startsWith("-") && !l.startsWith("|"));
}

function newArticleSource(title: string, body = "A lead paragraph for a brand new article.\n\n## History\nSome history.") {
  return `---\ntitle: ${title}\nsummary: A short summary of ${title}.\ncategory: [Testing]\n---\n${body}\n`;
}

async function submitEdit(who: Actor, slug: string, change: (source: string) => string, extra: { baseRevisionId?: number } = {}) {
  const { source } = await current(slug);
  return submitProposal(db, who, { articleSlug: slug, source: change(source), summary: "Improve the wording", acceptLicence: true, ...extra });
}

async function expectCode(promise: Promise<unknown>, code: AppErrorCode | AppErrorCode[]) {
  const error = await appError(promise);
  expect(Array.isArray(code) ? code : [code]).toContain(error.code);
  return error;
}

/** A submission refused for what was typed: bad_request, with a message per field. */
const refusal = (promise: Promise<unknown>) => expectCode(promise, "bad_request");

// ---- submitting ----

describe("submitProposal", () => {
  it("records an edit as pending, based on the article's current revision", async () => {
    const before = await current("ghosting");
    const id = await submitEdit(A, "ghosting", (s) => edit(s, proseLines(s)[0], "A rewritten lead for ghosting."));
    const p = await proposal(id);
    expect(p).toMatchObject({
      status: "pending",
      articleId: before.id,
      baseRevisionId: before.revisionId,
      authorId: A.id,
      summary: "Improve the wording",
      merged: false,
      resultRevisionId: null,
    });
    // Nothing is published by a submission.
    expect((await current("ghosting")).revisionId).toBe(before.revisionId);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "proposal.submitted"), eq(auditLog.targetId, String(id))));
    expect(audit).toMatchObject({ actorId: A.id, targetType: "proposal" });
  });

  it("records the base revision the author started from, even when the article has moved on", async () => {
    const first = await current("breadcrumbing");
    const approved = await submitEdit(B, "breadcrumbing", (s) => edit(s, proseLines(s)[0], `${proseLines(s)[0]} A sentence from B.`));
    await approveProposal(db, M, approved);
    const later = await current("breadcrumbing");
    expect(later.revisionId).not.toBe(first.revisionId);
    const id = await submitProposal(db, A, {
      articleSlug: "breadcrumbing",
      baseRevisionId: first.revisionId!,
      source: edit(first.source, proseLines(first.source).at(-1)!, "A new last paragraph."),
      summary: "Older base",
      acceptLicence: true,
    });
    expect((await proposal(id)).baseRevisionId).toBe(first.revisionId);
  });

  it("records a new article as pending with no article and no base revision", async () => {
    const id = await submitProposal(db, A, { source: newArticleSource("Test Topic Alpha"), summary: "A new article", acceptLicence: true });
    expect(await proposal(id)).toMatchObject({ status: "pending", articleId: null, baseRevisionId: null, authorId: A.id });
    expect(await db.select().from(articles).where(eq(articles.slug, "test-topic-alpha"))).toHaveLength(0);
  });

  describe("validation: nothing is kept and the refusal (bad_request) carries a message per field", () => {
    let before: Awaited<ReturnType<typeof snapshot>>;
    let base: Awaited<ReturnType<typeof current>>;
    let changed: string;
    beforeAll(async () => {
      base = await current("benching");
      changed = edit(base.source, proseLines(base.source)[0], "A rewritten lead.");
    });
    afterEach(async () => {
      const after = await snapshot();
      expect(after.proposalCount).toBe(before.proposalCount);
      expect(after).toEqual(before);
    });
    const take = async () => {
      before = await snapshot();
    };

    it("an empty edit summary → editSummary", async () => {
      await take();
      const result = await refusal(submitProposal(db, A, { articleSlug: "benching", source: changed, summary: "   ", acceptLicence: true }));
      expect(Object.keys(result.fieldErrors)).toEqual(["editSummary"]);
      expect(result.fieldErrors.editSummary).toMatch(/edit summary/i);
      expect(result.message).toMatch(/still here/);
    });

    it("an edit summary that is too long → editSummary", async () => {
      await take();
      const result = await refusal(submitProposal(db, A, { articleSlug: "benching", source: changed, summary: "x".repeat(301), acceptLicence: true }));
      expect(result.fieldErrors).toHaveProperty("editSummary");
    });

    it("the licence not accepted → acceptLicence", async () => {
      await take();
      const result = await refusal(submitProposal(db, A, { articleSlug: "benching", source: changed, summary: "Fine summary", acceptLicence: false }));
      expect(Object.keys(result.fieldErrors)).toEqual(["acceptLicence"]);
      expect(result.fieldErrors.acceptLicence).toMatch(/CC BY-SA/);
    });

    it("a new article whose title's slug is taken → title", async () => {
      await take();
      const result = await refusal(submitProposal(db, A, { source: newArticleSource("Jealousy"), summary: "Duplicate", acceptLicence: true }));
      expect(Object.keys(result.fieldErrors)).toEqual(["title"]);
      expect(result.fieldErrors.title).toContain("/wiki/jealousy");
    });

    it("a new article whose title's slug is another article's alias → title", async () => {
      await take();
      const result = await refusal(submitProposal(db, A, { source: newArticleSource("Push-Pull Dynamic"), summary: "Duplicate", acceptLicence: true }));
      expect(result.fieldErrors).toHaveProperty("title");
    });

    it("an edit that renames onto another article's slug → title", async () => {
      await take();
      const result = await refusal(
        submitProposal(db, A, {
          articleSlug: "benching",
          source: edit(base.source, "title: Benching", "title: Ghosting"),
          summary: "Rename",
          acceptLicence: true,
        }),
      );
      expect(result.fieldErrors).toHaveProperty("title");
    });

    it("unchanged text → source", async () => {
      await take();
      const result = await refusal(
        submitProposal(db, A, { articleSlug: "benching", source: `${base.source}\n\n`, summary: "Nothing really", acceptLicence: true }),
      );
      expect(Object.keys(result.fieldErrors)).toEqual(["source"]);
      expect(result.fieldErrors.source).toMatch(/not changed/);
    });

    it("an unparseable source → source", async () => {
      await take();
      const result = await refusal(
        submitProposal(db, A, { articleSlug: "benching", source: "no front matter, just words", summary: "Broken", acceptLicence: true }),
      );
      expect(result.fieldErrors.source).toMatch(/front matter/);
    });

    it("invalid YAML in the front matter → source, naming the line", async () => {
      await take();
      const result = await refusal(
        submitProposal(db, A, { source: "---\ntitle: [unclosed\nsummary: x\n---\nBody.\n", summary: "Broken yaml", acceptLicence: true }),
      );
      expect(result.fieldErrors.source).toMatch(/YAML/);
    });

    it("an invalid typed field → that field", async () => {
      await take();
      const source = newArticleSource("Test Topic Delta").replace(
        "category: [Testing]\n",
        'category: [Testing]\nsources:\n  - { author: X, year: 2001, title: T, url: "javascript:x" }\n',
      );
      const result = await refusal(submitProposal(db, A, { source, summary: "Bad link", acceptLicence: true }));
      expect(Object.keys(result.fieldErrors)).toEqual(["sources"]);
      expect(result.fieldErrors.sources).toMatch(/http/);
    });

    it("several problems at once come back together", async () => {
      await take();
      const result = await refusal(submitProposal(db, A, { articleSlug: "benching", source: base.source, summary: "", acceptLicence: false }));
      expect(Object.keys(result.fieldErrors).sort()).toEqual(["acceptLicence", "editSummary", "source"]);
    });
  });

  it("refuses an unknown article and a base revision from another article", async () => {
    const before = await proposalCount();
    await expectCode(
      submitProposal(db, A, { articleSlug: "no-such-article", source: newArticleSource("X"), summary: "Edit", acceptLicence: true }),
      "not_found",
    );
    const other = await current("jealousy");
    await expectCode(
      submitProposal(db, A, {
        articleSlug: "benching",
        baseRevisionId: other.revisionId!,
        source: newArticleSource("Benching"),
        summary: "Edit",
        acceptLicence: true,
      }),
      "bad_request",
    );
    expect(await proposalCount()).toBe(before);
  });
});

// ---- deciding ----

describe("approveProposal", () => {
  it("publishes a new revision by the proposal's author and updates the article", async () => {
    const before = await current("orbiting");
    const newSummary = "Orbiting, watching someone's social media after ending contact, rewritten by A.";
    const id = await submitEdit(A, "orbiting", (s) =>
      edit(s.replace(/^summary: .*$/m, `summary: ${newSummary}`), proseLines(s)[0], `${proseLines(s)[0]} A sentence about orbiting from A.`),
    );
    const result = await approveProposal(db, M, id);
    expect(result).toMatchObject({ outcome: "approved", proposalId: id, authorId: A.id, slug: "orbiting", previousSlug: null, created: false, merged: false });
    if (result.outcome !== "approved") return;

    const after = await current("orbiting");
    expect(after.revisionId).toBe(result.revisionId);
    expect(after.summary).toBe(newSummary);
    expect(after.bodyText).toContain("A sentence about orbiting from A.");
    expect(after.source).toBe((await proposal(id)).source);
    const [rev] = await db.select().from(revisions).where(eq(revisions.id, result.revisionId));
    expect(rev).toMatchObject({ authorId: A.id, parentId: before.revisionId, kind: "edit", summary: "Improve the wording", articleId: before.id });

    expect(await proposal(id)).toMatchObject({ status: "approved", reviewerId: M.id, resultRevisionId: result.revisionId, merged: false, claimedBy: null });
    expect((await proposal(id)).decidedAt).toBeInstanceOf(Date);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "proposal.approved"), eq(auditLog.targetId, String(id))));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: M.id, targetType: "proposal", details: { revisionId: result.revisionId, merged: false } });

    const history = await listRevisions(db, "orbiting");
    expect(history?.revisions[0]).toMatchObject({ id: result.revisionId, authorName: people.A.displayName, summary: "Improve the wording", isCurrent: true });
    const diff = await diffRevisions(db, "orbiting", before.revisionId!, result.revisionId);
    expect(
      diff?.diff.parts
        .filter((p) => p.kind === "added")
        .map((p) => p.text)
        .join(""),
    ).toContain("from A.");
  });

  it("creates the article of a new-article proposal", async () => {
    const id = await submitProposal(db, B, { source: newArticleSource("Test Topic Beta"), summary: "A new article", acceptLicence: true });
    const result = await approveProposal(db, ADMIN, id);
    expect(result).toMatchObject({ outcome: "approved", created: true, slug: "test-topic-beta", articleTitle: "Test Topic Beta", authorId: B.id });
    const article = await current("test-topic-beta");
    expect(await proposal(id)).toMatchObject({ status: "approved", articleId: article.id, resultRevisionId: article.revisionId });
    const [rev] = await db.select().from(revisions).where(eq(revisions.id, article.revisionId!));
    expect(rev).toMatchObject({ kind: "create", authorId: B.id, parentId: null });
  });

  it("refuses a second decision on a decided proposal", async () => {
    const id = await submitEdit(A, "honeymoon-phase", (s) => edit(s, proseLines(s)[0], "A rewritten lead for the honeymoon phase."));
    await approveProposal(db, M, id);
    const before = await snapshot();
    const again = await expectCode(approveProposal(db, M2, id), "conflict");
    expect(again.message).toMatch(/approved/);
    await expectCode(rejectProposal(db, M2, id, "Too late to reject"), "conflict");
    await expectCode(requestChanges(db, M2, id, "Too late to ask"), "conflict");
    await expectCode(claimProposal(db, M2, id), "conflict");
    expect(await snapshot()).toEqual(before);
  });

  it("does not let a moderator approve their own proposal", async () => {
    const id = await submitEdit(M, "compersion", (s) => edit(s, proseLines(s)[0], "A rewritten lead for compersion, by M."));
    const before = await snapshot();
    const error = await expectCode(approveProposal(db, M, id), "forbidden");
    expect(error.message).toMatch(/own proposal/);
    await expectCode(rejectProposal(db, M, id, "Rejecting my own"), "forbidden");
    await expectCode(claimProposal(db, M, id), "forbidden");
    expect(await snapshot()).toEqual(before);
    expect((await getProposalDetail(db, M, id)).canReview).toBe(false);
    expect((await getProposalDetail(db, M2, id)).canReview).toBe(true);
    expect((await approveProposal(db, M2, id)).outcome).toBe("approved");
  });

  it("keeps a renamed article's old slug as a former_slug alias", async () => {
    const id = await submitEdit(A, "situationship", (s) => edit(s, "title: Situationship\n", "title: Situationship Dynamics\n"));
    const result = await approveProposal(db, M, id);
    expect(result).toMatchObject({ outcome: "approved", slug: "situationship-dynamics", previousSlug: "situationship" });
    const article = await current("situationship-dynamics");
    expect(article.title).toBe("Situationship Dynamics");
    expect(await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, "situationship"))).toHaveLength(0);
    const [alias] = await db.select().from(articleAliases).where(eq(articleAliases.slug, "situationship"));
    expect(alias).toMatchObject({ articleId: article.id, kind: "former_slug" });
    // The old address is still the same article's: nobody may take it with a new article.
    const taken = await refusal(submitProposal(db, B, { source: newArticleSource("Situationship"), summary: "Take the old name", acceptLicence: true }));
    expect(taken.fieldErrors).toHaveProperty("title");
  });
});

describe("rejectProposal and requestChanges", () => {
  it("needs a note to reject, then records the rejection with the note", async () => {
    const id = await submitEdit(A, "negging", (s) => edit(s, proseLines(s)[0], "A rewritten lead for negging."));
    const before = await snapshot();
    await expectCode(rejectProposal(db, M, id, "  "), "bad_request");
    await expectCode(rejectProposal(db, M, id, "no"), "bad_request");
    await expectCode(requestChanges(db, M, id, ""), "bad_request");
    expect(await snapshot()).toEqual(before);

    const article = await current("negging");
    const result = await rejectProposal(db, M, id, "  This removes sourced material.  ");
    expect(result).toEqual({ proposalId: id, authorId: A.id, articleTitle: "Negging" });
    expect(await proposal(id)).toMatchObject({ status: "rejected", reviewNote: "This removes sourced material.", reviewerId: M.id });
    expect((await current("negging")).revisionId).toBe(article.revisionId);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "proposal.rejected"), eq(auditLog.targetId, String(id))));
    expect(audit).toHaveLength(1);
  });

  it("requests changes, and a resubmission goes back to pending based on the current revision", async () => {
    const first = await current("zombieing");
    const id = await submitEdit(A, "zombieing", (s) => edit(s, proseLines(s)[0], "A first attempt at the zombieing lead."));
    await requestChanges(db, M, id, "Please keep the citation in the lead.");
    expect(await proposal(id)).toMatchObject({ status: "changes_requested", reviewNote: "Please keep the citation in the lead." });
    // Only a proposal that is pending can be decided on.
    await expectCode(approveProposal(db, M2, id), "conflict");

    // Meanwhile the article moves on.
    const other = await submitEdit(B, "zombieing", (s) => edit(s, proseLines(s).at(-1)!, `${proseLines(s).at(-1)!} A closing sentence from B.`));
    await approveProposal(db, M2, other);
    const moved = await current("zombieing");
    expect(moved.revisionId).not.toBe(first.revisionId);

    // A failed resubmission changes nothing.
    const failed = await refusal(resubmitProposal(db, A, id, { source: moved.source, summary: "", acceptLicence: true }));
    expect(failed.fieldErrors).toHaveProperty("editSummary");
    expect((await proposal(id)).status).toBe("changes_requested");

    const text = edit(moved.source, proseLines(moved.source)[0], `${proseLines(moved.source)[0]} A second attempt, keeping the citation.`);
    expect(await resubmitProposal(db, A, id, { source: text, summary: "Second attempt", acceptLicence: true })).toBe(id);
    expect(await proposal(id)).toMatchObject({ status: "pending", baseRevisionId: moved.revisionId, source: text, summary: "Second attempt", claimedBy: null });
    // Resubmitting a pending proposal is refused.
    await expectCode(resubmitProposal(db, A, id, { source: text, summary: "Third attempt", acceptLicence: true }), "conflict");
    // Someone else cannot resubmit it.
    await expectCode(resubmitProposal(db, B, id, { source: text, summary: "Not mine", acceptLicence: true }), "not_found");

    const approved = await approveProposal(db, M, id);
    expect(approved).toMatchObject({ outcome: "approved", merged: false });
    expect((await current("zombieing")).source).toBe(text);
  });
});

describe("withdrawProposal", () => {
  it("withdraws an open proposal of one's own, and nothing else", async () => {
    const id = await submitEdit(A, "catfishing", (s) => edit(s, proseLines(s)[0], "A rewritten lead for catfishing."));
    await expectCode(withdrawProposal(db, B, id), "not_found");
    expect((await proposal(id)).status).toBe("pending");
    await withdrawProposal(db, A, id);
    expect(await proposal(id)).toMatchObject({ status: "withdrawn" });
    expect((await listQueue(db, M)).items.map((i) => i.id)).not.toContain(id);
    await expectCode(withdrawProposal(db, A, id), "conflict");
    await expectCode(approveProposal(db, M, id), "conflict");
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "proposal.withdrawn"), eq(auditLog.targetId, String(id))));
    expect(audit).toHaveLength(1);
  });
});

describe("claims", () => {
  it("holds off other moderators for 30 minutes", async () => {
    const id = await submitEdit(A, "limerence", (s) => edit(s, proseLines(s)[0], "A rewritten lead for limerence."));
    const t0 = new Date();
    await claimProposal(db, M, id, t0);
    expect(await proposal(id)).toMatchObject({ claimedBy: M.id });
    const queued = (await listQueue(db, M2, "all", new Date(t0.getTime() + 60_000))).items.find((i) => i.id === id);
    expect(queued?.claimedBy).toBe(people.M.displayName);
    expect((await getProposalDetail(db, M2, id, new Date(t0.getTime() + 60_000))).claim).toMatchObject({ by: people.M.displayName, byMe: false });

    const before = await snapshot();
    const refused = await expectCode(approveProposal(db, M2, id, new Date(t0.getTime() + 60_000)), "conflict");
    expect(refused.message).toMatch(/Another moderator/);
    await expectCode(approveProposal(db, M2, id, new Date(t0.getTime() + 29 * 60_000)), "conflict");
    await expectCode(claimProposal(db, M2, id, new Date(t0.getTime() + 60_000)), "conflict");
    await expectCode(rejectProposal(db, M2, id, "Not while claimed", new Date(t0.getTime() + 60_000)), "conflict");
    expect(await snapshot()).toEqual(before);

    const later = new Date(t0.getTime() + 31 * 60_000);
    expect((await listQueue(db, M2, "all", later)).items.find((i) => i.id === id)?.claimedBy).toBeNull();
    const result = await approveProposal(db, M2, id, later);
    expect(result.outcome).toBe("approved");
    expect(await proposal(id)).toMatchObject({ status: "approved", reviewerId: M2.id, claimedBy: null, claimedAt: null });
  });

  it("lets the claimer decide while the claim is fresh", async () => {
    const id = await submitEdit(B, "limerence", (s) => edit(s, proseLines(s).at(-1)!, "A rewritten last paragraph for limerence."));
    const t0 = new Date();
    await claimProposal(db, M, id, t0);
    await requestChanges(db, M, id, "Please cite a source.", new Date(t0.getTime() + 60_000));
    expect(await proposal(id)).toMatchObject({ status: "changes_requested", claimedBy: null });
  });
});

describe("revertToRevision", () => {
  it("creates a new revision with the old text, and is refused for a contributor", async () => {
    const original = await current("stonewalling");
    const id = await submitEdit(A, "stonewalling", (s) => edit(s, proseLines(s)[0], "A vandalised lead for stonewalling."));
    await approveProposal(db, M, id);
    const edited = await current("stonewalling");
    const before = await snapshot();
    await expectCode(revertToRevision(db, A, "stonewalling", original.revisionId!), "forbidden");
    expect(await snapshot()).toEqual(before);

    const result = await revertToRevision(db, M, "stonewalling", original.revisionId!);
    expect(result).toMatchObject({ slug: "stonewalling", previousSlug: null });
    const after = await current("stonewalling");
    expect(after.revisionId).toBe(result.revisionId);
    expect(after.source).toBe(original.source);
    expect(after.bodyText).not.toContain("vandalised");
    const [rev] = await db.select().from(revisions).where(eq(revisions.id, result.revisionId));
    expect(rev).toMatchObject({ kind: "revert", authorId: M.id, parentId: edited.revisionId, source: original.source });
    expect(rev.summary).toContain(String(original.revisionId));
    expect(await revisionCount(original.id)).toBe(3);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "article.reverted"), eq(auditLog.targetId, String(original.id))));
    expect(audit).toHaveLength(1);
    // Reverting to the current revision is refused.
    await expectCode(revertToRevision(db, M, "stonewalling", result.revisionId), "conflict");
    // A revision of another article is not found.
    await expectCode(revertToRevision(db, M, "stonewalling", (await current("jealousy")).revisionId!), "not_found");
  });
});

// ---- conflicts ----

describe("two proposals from the same base revision", () => {
  it("merges changes to different paragraphs three-way", async () => {
    const base = await current("gaslighting");
    const lines = proseLines(base.source);
    const first = lines[0];
    const last = lines.at(-1)!;
    const p1 = await submitEdit(A, "gaslighting", (s) => edit(s, first, `${first} An added sentence from A.`));
    const p2 = await submitEdit(B, "gaslighting", (s) => edit(s, last, `${last} An added sentence from B.`));
    expect((await proposal(p2)).baseRevisionId).toBe(base.revisionId);

    expect(await approveProposal(db, M, p1)).toMatchObject({ outcome: "approved", merged: false });
    const detail = await getProposalDetail(db, M2, p2);
    expect(detail.articleChangedSinceBase).toBe(true);
    const second = await approveProposal(db, M2, p2);
    expect(second).toMatchObject({ outcome: "approved", merged: true });

    const final = await current("gaslighting");
    expect(final.source).toContain("An added sentence from A.");
    expect(final.source).toContain("An added sentence from B.");
    expect(parseArticleSource(final.source).ok).toBe(true);
    expect(await proposal(p2)).toMatchObject({ status: "approved", merged: true, resultRevisionId: final.revisionId });
    expect(await revisionCount(base.id)).toBe(3);
  });

  it("merges two proposals that each add a different source (and cite it), approved one after the other", async () => {
    const base = await current("gaslighting");
    const addSource = (key: string, author: string) => (s: string) => {
      const f = sourceToFields(s);
      return fieldsToSource({
        ...f,
        sources: [...f.sources, { ...emptySourceRow, key, author, year: "2020", title: `A study by ${author}`, type: "qualitative-study" }],
      });
    };
    const p1 = await submitEdit(A, "gaslighting", addSource("first2020", "First, A."));
    const first = proseLines(base.source)[0] ?? "";
    const p2 = await submitEdit(B, "gaslighting", (s) => edit(addSource("second2020", "Second, B.")(s), first, `${first} [@second2020]`));
    expect(await approveProposal(db, M, p1)).toMatchObject({ outcome: "approved", merged: false });
    expect(await approveProposal(db, M2, p2)).toMatchObject({ outcome: "approved", merged: true });
    const final = parseArticleSource((await current("gaslighting")).source);
    if (!final.ok) throw new Error("the merged article does not parse");
    expect(final.value.meta.sources.slice(-2).map((x) => x.key)).toEqual(["first2020", "second2020"]);
    expect(final.value.meta.sources).toHaveLength(sourceToFields(base.source).sources.length + 2);
    expect(final.value.body).toContain(`${first} [@second2020]`);
  });

  it("marks the second conflicted when both change the same sentence, and keeps the first", async () => {
    const base = await current("love-bombing");
    const sentence = proseLines(base.source)[0];
    const p1 = await submitEdit(A, "love-bombing", (s) => edit(s, sentence, `${sentence} A's version of the ending.`));
    const p2 = await submitEdit(B, "love-bombing", (s) => edit(s, sentence, `${sentence} B's version of the ending.`));
    const sourceOfP1 = (await proposal(p1)).source;
    const sourceOfP2 = (await proposal(p2)).source;

    await approveProposal(db, M, p1);
    const result = await approveProposal(db, M2, p2);
    expect(result).toMatchObject({ outcome: "conflicted", proposalId: p2, authorId: B.id, slug: "love-bombing" });

    const row = await proposal(p2);
    expect(row).toMatchObject({ status: "conflicted", reviewerId: M2.id, resultRevisionId: null, source: sourceOfP2 });
    expect(row.reviewNote).toMatch(/overlap/);
    const final = await current("love-bombing");
    expect(final.source).toBe(sourceOfP1);
    expect(final.source).not.toContain("B's version");
    expect(await revisionCount(base.id)).toBe(2);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "proposal.conflicted"), eq(auditLog.targetId, String(p2))));
    expect(audit).toHaveLength(1);

    // The author sees both versions, and can resubmit on the current article.
    const detail = await getProposalDetail(db, B, p2);
    expect(detail).toMatchObject({ isAuthor: true, canReview: false, articleChangedSinceBase: true, baseSource: base.source, currentSource: sourceOfP1 });
    const text = edit(final.source, "A's version of the ending.", "A's version of the ending, with B's addition.");
    expect(await resubmitProposal(db, B, p2, { source: text, summary: "Rebased", acceptLicence: true })).toBe(p2);
    expect(await proposal(p2)).toMatchObject({ status: "pending", baseRevisionId: final.revisionId });
  });
});

// ---- limits ----

describe("limits", () => {
  afterEach(() => {
    vi.useRealTimers();
    setLimits({});
  });

  it("refuses a pending proposal beyond MAX_PENDING_PROPOSALS, naming the limit", async () => {
    setLimits({ MAX_PENDING_PROPOSALS: "2" });
    const C1 = actor(people.C1);
    const one = await submitEdit(C1, "four-horsemen", (s) => edit(s, proseLines(s)[0], "Lead one."));
    await submitEdit(C1, "four-horsemen", (s) => edit(s, proseLines(s)[0], "Lead two."));
    const before = await proposalCount();
    const { source } = await current("four-horsemen");
    const third = await expectCode(
      submitProposal(db, C1, {
        articleSlug: "four-horsemen",
        source: edit(source, proseLines(source)[0], "Lead three."),
        summary: "Third",
        acceptLicence: true,
      }),
      "rate_limited",
    );
    expect(third.message).toContain("(2)");
    expect(third.message).toMatch(/waiting for review/);
    expect(third.fieldErrors).toEqual({});
    expect(await proposalCount()).toBe(before);
    // Withdrawing one makes room again.
    await withdrawProposal(db, C1, one);
    const fourth = await submitProposal(db, C1, {
      articleSlug: "four-horsemen",
      source: edit(source, proseLines(source)[0], "Lead three."),
      summary: "Third",
      acceptLicence: true,
    });
    expect(await proposal(fourth)).toMatchObject({ status: "pending" });
  });

  it("refuses a submission beyond RATE_LIMIT_PROPOSALS_PER_HOUR, saying when the limit lifts", async () => {
    // Only Date is faked: the fixed window then starts at 10:00 and ends at 11:00.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2031-03-04T10:20:00Z"));
    setLimits({ RATE_LIMIT_PROPOSALS_PER_HOUR: "2" });
    const C2 = actor(people.C2);
    await submitEdit(C2, "pursue-withdraw-cycle", (s) => edit(s, proseLines(s)[0], "Lead one."));
    await submitEdit(C2, "pursue-withdraw-cycle", (s) => edit(s, proseLines(s)[0], "Lead two."));
    const before = await proposalCount();
    const { source } = await current("pursue-withdraw-cycle");
    const third = await expectCode(
      submitProposal(db, C2, {
        articleSlug: "pursue-withdraw-cycle",
        source: edit(source, proseLines(source)[0], "Lead three."),
        summary: "Third",
        acceptLicence: true,
      }),
      "rate_limited",
    );
    expect(third.message).toContain("2 proposals this hour");
    expect(third.message).toContain("in 40 minutes");
    expect(await proposalCount()).toBe(before);

    // The next window allows it again.
    vi.setSystemTime(new Date("2031-03-04T11:00:01Z"));
    const later = await submitProposal(db, C2, {
      articleSlug: "pursue-withdraw-cycle",
      source: edit(source, proseLines(source)[0], "Lead three."),
      summary: "Third",
      acceptLicence: true,
    });
    expect(await proposal(later)).toMatchObject({ status: "pending" });
  });
});

// ---- authorization ----

describe("authorization: every entry point refuses those without the permission, changing nothing", () => {
  let pending: number; // A's, on attachment-styles
  let sentBack: number; // R's own, sent back before R became a reader
  let revertTarget: number; // an older revision of stonewalling, so a permitted revert would succeed
  beforeAll(async () => {
    pending = await submitEdit(A, "attachment-styles", (s) => edit(s, proseLines(s)[0], "A rewritten lead for attachment styles."));
    // R proposed while a contributor; then an admin made them a reader.
    await db.update(users).set({ role: "contributor" }).where(eq(users.id, R.id));
    sentBack = await submitEdit({ ...R, role: "contributor" }, "secure-attachment", (s) => edit(s, proseLines(s)[0], "R's rewritten lead."));
    await requestChanges(db, M, sentBack, "Please add a source.");
    await changeRole(db, ADMIN, R.id, "reader");
    const history = await listRevisions(db, "stonewalling");
    revertTarget = history!.revisions.find((r) => !r.isCurrent)!.id;
  });

  const someSource = async () => {
    const { source } = await current("attachment-styles");
    return edit(source, proseLines(source)[1], "Another rewritten paragraph.");
  };

  type Case = { name: string; call: (who: Actor | null) => Promise<unknown>; refused: (Actor | null)[]; codes?: Partial<Record<string, AppErrorCode[]>> };
  const cases: Case[] = [
    // lib/moderation/proposals.ts
    {
      name: "submitProposal (edit)",
      call: async (who) => submitProposal(db, who, { articleSlug: "attachment-styles", source: await someSource(), summary: "Edit", acceptLicence: true }),
      refused: [null, R],
    },
    {
      name: "submitProposal (new article)",
      call: (who) => submitProposal(db, who, { source: newArticleSource("Test Topic Gamma"), summary: "New", acceptLicence: true }),
      refused: [null, R],
    },
    {
      name: "resubmitProposal",
      call: async (who) => resubmitProposal(db, who, sentBack, { source: await someSource(), summary: "Again", acceptLicence: true }),
      refused: [null, R],
    },
    // Withdrawing needs no role (anyone may take back their own), but never someone else's: not found, so nothing leaks.
    {
      name: "withdrawProposal",
      call: (who) => withdrawProposal(db, who, pending),
      refused: [null, R, B],
      codes: { [R.id]: ["not_found"], [B.id]: ["not_found"] },
    },
    // lib/moderation/review.ts
    { name: "listQueue", call: (who) => listQueue(db, who), refused: [null, R, B, A] },
    { name: "getProposalDetail", call: (who) => getProposalDetail(db, who, pending), refused: [null, R, B] },
    { name: "claimProposal", call: (who) => claimProposal(db, who, pending), refused: [null, R, B, A] },
    { name: "approveProposal", call: (who) => approveProposal(db, who, pending), refused: [null, R, B, A] },
    { name: "rejectProposal", call: (who) => rejectProposal(db, who, pending, "A valid note."), refused: [null, R, B, A] },
    { name: "requestChanges", call: (who) => requestChanges(db, who, pending, "A valid note."), refused: [null, R, B, A] },
    // lib/moderation/history.ts
    { name: "revertToRevision", call: (who) => revertToRevision(db, who, "stonewalling", revertTarget), refused: [null, R, B, A] },
    // lib/auth/roles.ts
    { name: "listUsers", call: (who) => listUsers(db, who), refused: [null, R, B, M] },
    { name: "changeRole", call: (who) => changeRole(db, who, B.id, "admin"), refused: [null, R, B, M] },
  ];
  const label = (who: Actor | null) => (who ? `${who.role} ${who.id}` : "anonymous");
  const rows = cases.flatMap((c) => c.refused.map((who) => [c.name, label(who), c, who] as const));

  it.each(rows)("%s refuses %s", async (_name, _who, c, who) => {
    const before = await snapshot();
    const expected: AppErrorCode[] = (who && c.codes?.[who.id]) ?? (who ? ["forbidden"] : ["unauthorized"]);
    await expectCode(c.call(who), expected);
    expect(await snapshot()).toEqual(before);
  });

  it("an admin may not change their own role", async () => {
    const before = await snapshot();
    await expectCode(changeRole(db, ADMIN, ADMIN.id, "reader"), "forbidden");
    expect(await snapshot()).toEqual(before);
  });

  it("the allowed callers succeed where the refused ones did not", async () => {
    expect((await listQueue(db, M)).items.map((i) => i.id)).toContain(pending);
    expect((await getProposalDetail(db, A, pending)).isAuthor).toBe(true);
    expect((await listUsers(db, ADMIN)).map((u) => u.id)).toContain(B.id);
    await changeRole(db, ADMIN, B.id, "moderator");
    expect((await db.select({ role: users.role }).from(users).where(eq(users.id, B.id)))[0].role).toBe("moderator");
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.role_changed"), eq(auditLog.targetId, B.id)));
    expect(audit).toMatchObject({ actorId: ADMIN.id, details: { from: "contributor", to: "moderator" } });
    await changeRole(db, ADMIN, B.id, "contributor");
    expect((await revertToRevision(db, M, "stonewalling", revertTarget)).revisionId).toBeGreaterThan(revertTarget);
    // Past the permission check: refused only for what it says (its title is another article's).
    await refusal(resubmitProposal(db, { ...R, role: "contributor" }, sentBack, { source: await someSource(), summary: "Again", acceptLicence: true }));
    expect((await approveProposal(db, M, pending)).outcome).toBe("approved");
  });
});

describe("sources are normalised where they enter", () => {
  it("stores a CRLF submission as LF, and a same-length edit leaves the history size unchanged", async () => {
    const before = await current("benching");
    const crlf = edit(before.source, "bench", "BENCH").replace(/\n/g, "\r\n");
    const proposalId = await submitProposal(db, B, { articleSlug: "benching", source: crlf, summary: "Same-length edit from a browser", acceptLicence: true });
    const stored = await proposal(proposalId);
    expect(stored.source).not.toContain("\r");
    expect(stored.source).toBe(edit(before.source, "bench", "BENCH").replace(/\n+$/, "") + "\n");
    const detail = await getProposalDetail(db, M, proposalId);
    // Only the one word differs: no line-ending noise in the diff.
    expect(detail.diff.parts.filter((p) => p.kind !== "same").map((p) => p.text.trim())).toEqual(["bench", "BENCH"]);
    const approved = await approveProposal(db, M, proposalId);
    expect(approved.outcome).toBe("approved");
    const history = await listRevisions(db, "benching");
    const [newest, previous] = history?.revisions ?? [];
    expect(newest.size - previous.size).toBe(0);
  });

  it("compares an old revision stored with CRLF cleanly against a new LF one", async () => {
    const article = await current("orbiting");
    // Revisions are append-only: one written by older code with CRLF is never rewritten, only read normalised.
    const [old] = await db
      .insert(revisions)
      .values({
        articleId: article.id,
        parentId: article.revisionId,
        authorId: people.A.id,
        kind: "edit",
        source: article.source.replace(/\n/g, "\r\n"),
        summary: "Old CRLF revision",
      })
      .returning({ id: revisions.id });
    const diff = await diffRevisions(db, "orbiting", old.id, Number(article.revisionId));
    expect(diff?.diff.parts.every((p) => p.kind === "same")).toBe(true);
    const sizes = (await listRevisions(db, "orbiting"))?.revisions ?? [];
    expect(sizes.find((r) => r.id === old.id)?.size).toBe(sizes.find((r) => r.id === article.revisionId)?.size);
  });
});
