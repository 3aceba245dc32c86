// Expert reviews against a real database: who may grant profiles and mark reviews (through the policy module, lib/ and
// the actions), the stale-form conflict, and the publish hook that keeps a review's changed share current.
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantExpertiseAction, revokeExpertiseAction } from "@/app/admin/experts/actions";
import { markReviewedAction } from "@/app/(account)/wiki/[slug]/review/actions";
import { decideProposal } from "@/app/moderation/actions";
import type { Actor } from "@/lib/auth/policy";
import type { Db, DbHandle } from "@/lib/db/client";
import { articleReviews, articles, auditLog, expertProfiles, revisions, type Role } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { idleState, type FormState } from "@/lib/forms";
import { submitProposal } from "@/lib/moderation/proposals";
import { approveProposal } from "@/lib/moderation/review";
import { grantExpertise, isActiveExpert, listExpertProfiles, revokeExpertise, updateExpertProfile } from "@/lib/reviews/profiles";
import { markReviewed } from "@/lib/reviews/reviews";
import { seedIfEmpty } from "@/lib/seed";
import { createTestDatabase } from "../support/db";
import { inRequest, signIn, formData } from "../support/request";
import { appError } from "../support/errors";

const person = (id: string, role: Role) => ({ id, role, email: `${id}@example.org`, displayName: id.replace(/-/g, " ") });
const people = {
  admin: person("admin-a", "admin"),
  expert: person("expert-contributor", "contributor"),
  expertMod: person("expert-moderator", "moderator"),
  readerExpert: person("expert-reader", "reader"),
  contributor: person("plain-contributor", "contributor"),
  writer: person("writer-w", "contributor"),
};
type Key = keyof typeof people;
const actor = (k: Key): Actor => ({ id: people[k].id, role: people[k].role });
const cookies = {} as Record<Key, Record<string, string>>;

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
  process.env.AUTH_SECRET = "reviews-test-secret";
  process.env.MAX_PENDING_PROPOSALS = "1000";
  process.env.RATE_LIMIT_PROPOSALS_PER_HOUR = "1000";
  resetEnvCache();
  handle = await createTestDatabase();
  db = handle.db;
  await seedIfEmpty(db);
  for (const k of Object.keys(people) as Key[]) cookies[k] = await signIn(db, people[k]);
  for (const k of ["expert", "expertMod", "readerExpert"] as const)
    await grantExpertise(db, actor("admin"), { account: people[k].email, displayName: `Dr ${k}`, credential: "PhD, clinical psychology", field: "Couples" });
});
afterAll(async () => {
  await handle.close();
});

const form = formData;
const run = (path: string, who: Key, action: (s: FormState, f: FormData) => Promise<FormState>, fields: Record<string, string>) =>
  inRequest(path, cookies[who], () => action(idleState, form(fields)));

async function current(slug: string) {
  const [row] = await db
    .select({ id: articles.id, revisionId: articles.currentRevisionId, source: revisions.source })
    .from(articles)
    .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
    .where(eq(articles.slug, slug));
  return { id: row.id, revisionId: row.revisionId as number, source: row.source };
}

async function latestReview(articleId: number) {
  const [row] = await db.select().from(articleReviews).where(eq(articleReviews.articleId, articleId)).orderBy(desc(articleReviews.id)).limit(1);
  return row;
}

/** A proposal by the writer, approved by `approver`: the article's text changed by `change`. */
async function publishEdit(slug: string, change: (source: string) => string, approver: Key = "expertMod") {
  const id = await submitProposal(db, actor("writer"), {
    articleSlug: slug,
    source: change((await current(slug)).source),
    summary: "An edit",
    acceptLicence: true,
  });
  return approveProposal(db, actor(approver), id);
}

describe("granting expertise (admins only, audited)", () => {
  it("the seed of a test database has no experts; profiles granted above are listed for admins only", async () => {
    const list = await listExpertProfiles(db, actor("admin"));
    expect(list.map((p) => p.userId).sort()).toEqual([people.expert.id, people.expertMod.id, people.readerExpert.id].sort());
    expect((await appError(listExpertProfiles(db, actor("expertMod")))).code).toBe("forbidden");
  });

  it("a moderator or contributor cannot grant; an admin grants by display name, and each change is in the audit log", async () => {
    const input = { account: people.contributor.email, displayName: "X", credential: "Y", field: "Z" };
    expect((await appError(grantExpertise(db, actor("expertMod"), input))).code).toBe("forbidden");
    expect(await run("/admin/experts", "contributor", grantExpertiseAction, input)).toMatchObject({
      status: "error",
      message: "Only admins grant expert profiles.",
      values: { account: input.account, displayName: "X" },
    });
    await grantExpertise(db, actor("admin"), { ...input, account: "PLAIN contributor" });
    expect(await isActiveExpert(db, actor("contributor"))).toBe(true);
    await updateExpertProfile(db, actor("admin"), people.contributor.id, { displayName: "Dr Plain", credential: "MSc, counselling", field: "Dating" });
    await revokeExpertise(db, actor("admin"), people.contributor.id);
    expect(await isActiveExpert(db, actor("contributor"))).toBe(false);
    const audit = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, people.contributor.id));
    expect(audit.map((a) => a.action)).toEqual(["expertise.granted", "expertise.updated", "expertise.revoked"]);
    const [row] = await db.select().from(expertProfiles).where(eq(expertProfiles.userId, people.contributor.id));
    expect(row).toMatchObject({ displayName: "Dr Plain", grantedBy: people.admin.id });
    expect(row.revokedAt).not.toBeNull();
  });

  it("unknown accounts and double grants are field messages", async () => {
    const err = await appError(grantExpertise(db, actor("admin"), { account: "nobody@example.org", displayName: "X", credential: "Y", field: "Z" }));
    expect(err.fieldErrors.account).toBe("No account has that email address.");
    const twice = await appError(grantExpertise(db, actor("admin"), { account: people.expert.email, displayName: "X", credential: "Y", field: "Z" }));
    expect(twice.code).toBe("conflict");
    expect(await run("/admin/experts", "admin", grantExpertiseAction, { account: "", displayName: "", credential: "c", field: "f" })).toMatchObject({
      status: "error",
      fieldErrors: { account: "Give the account's email address or display name.", displayName: "Write the name readers will see." },
    });
  });

  it("revoking through the action is for admins only", async () => {
    expect(await run("/admin/experts", "expertMod", revokeExpertiseAction, { userId: people.expert.id })).toMatchObject({
      status: "error",
      message: "Only admins revoke expert profiles.",
    });
    expect(await isActiveExpert(db, actor("expert"))).toBe(true);
  });
});

describe("marking reviews", () => {
  it("a contributor without a profile cannot mark a review; an expert of any role can", async () => {
    const a = await current("ghosting");
    expect(
      await run("/wiki/ghosting/review", "contributor", markReviewedAction, { slug: "ghosting", revisionId: String(a.revisionId), note: "Fine." }),
    ).toMatchObject({ status: "error", message: "Only experts with an active expert profile can mark an article reviewed.", values: { note: "Fine." } });
    expect((await appError(markReviewed(db, null, { slug: "ghosting", revisionId: a.revisionId, note: "x" }))).code).toBe("unauthorized");
    await markReviewed(db, actor("readerExpert"), { slug: "ghosting", revisionId: a.revisionId, note: "  Checked the survey figures.  " });
    expect(await latestReview(a.id)).toMatchObject({
      revisionId: a.revisionId,
      reviewerName: "Dr readerExpert",
      credential: "PhD, clinical psychology",
      note: "Checked the survey figures.",
      changedShare: 0,
    });
  });

  it("a note is required and at most 1,000 characters, with clear messages", async () => {
    const a = await current("benching");
    const fields = { slug: "benching", revisionId: String(a.revisionId) };
    expect(await run("/wiki/benching/review", "expert", markReviewedAction, { ...fields, note: "   " })).toMatchObject({
      status: "error",
      fieldErrors: { note: "Write a note: what you checked, in a sentence or two." },
    });
    expect(await run("/wiki/benching/review", "expert", markReviewedAction, { ...fields, note: "x".repeat(1001) })).toMatchObject({
      status: "error",
      fieldErrors: { note: "Keep the note to 1,000 characters or fewer." },
    });
    expect(await latestReview(a.id)).toBeUndefined();
  });

  it("a stale form (the revision is no longer current) is a conflict, and nothing is saved", async () => {
    const before = await current("orbiting");
    await publishEdit("orbiting", (s) => s.replace(/\n---\n/, "\n---\nA new opening sentence for the article.\n\n"));
    const state = await run("/wiki/orbiting/review", "expert", markReviewedAction, {
      slug: "orbiting",
      revisionId: String(before.revisionId),
      note: "Looks right.",
    });
    expect(state.status).toBe("error");
    expect(state.message).toMatch(/The article has changed since you opened this form: revision \d+ is now the current one, and your review was not saved/);
    expect(state.values).toEqual({ note: "Looks right." });
    expect(await latestReview(before.id)).toBeUndefined();
  });

  it("a revoked expert can no longer review", async () => {
    await grantExpertise(db, actor("admin"), { account: people.writer.email, displayName: "Dr W", credential: "PhD", field: "F" });
    await revokeExpertise(db, actor("admin"), people.writer.id);
    const a = await current("situationship");
    expect((await appError(markReviewed(db, actor("writer"), { slug: "situationship", revisionId: a.revisionId, note: "x" }))).code).toBe("forbidden");
  });
});

describe("an expert profile grants nothing in moderation", () => {
  it("an expert who is not a moderator cannot approve proposals; one who is a moderator can", async () => {
    const id = await submitProposal(db, actor("writer"), {
      articleSlug: "negging",
      source: (await current("negging")).source.replace(/\n---\n/, "\n---\nAn added lead sentence.\n\n"),
      summary: "Lead sentence",
      acceptLicence: true,
    });
    expect((await appError(approveProposal(db, actor("expert"), id))).code).toBe("forbidden");
    expect((await appError(approveProposal(db, actor("readerExpert"), id))).code).toBe("forbidden");
    expect(await run("/moderation/1", "expert", decideProposal, { proposalId: String(id), decision: "approve" })).toMatchObject({ status: "error" });
    const approved = await approveProposal(db, actor("expertMod"), id);
    expect(approved.outcome).not.toBe("conflicted");
  });
});

describe("the changed share, kept at each publication", () => {
  it("a small edit leaves the review standing; a large one (over 20% of the prose words) expires it", async () => {
    const a = await current("secure-attachment");
    await markReviewed(db, actor("expert"), { slug: "secure-attachment", revisionId: a.revisionId, note: "Checked the lead and the sources." });
    await publishEdit("secure-attachment", (s) => s.replace(/\n---\n/, "\n---\nOne short added sentence here.\n\n"));
    const small = (await latestReview(a.id)).changedShare;
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(0.05);
    // Every paragraph of prose rewritten: more than a fifth of the reviewed words changed.
    await publishEdit("secure-attachment", (s) => {
      const [front, body] = s.split(/\n---\n/);
      return `${front}\n---\n${body
        .split("\n")
        .map((line) => (line.length > 80 && !/^[#|>-]/.test(line) ? "Rewritten paragraph with entirely new words in place of the old ones." : line))
        .join("\n")}`;
    });
    expect((await latestReview(a.id)).changedShare).toBeGreaterThan(0.2);
  });

  it("only the latest review is updated, against its own revision; a revert to it brings the share back to 0", async () => {
    const a = await current("limerence");
    await markReviewed(db, actor("expert"), { slug: "limerence", revisionId: a.revisionId, note: "First look." });
    await publishEdit("limerence", (s) => s.replace(/\n---\n/, "\n---\nAn added sentence.\n\n"));
    const mid = await current("limerence");
    const firstShare = (await latestReview(a.id)).changedShare;
    expect(firstShare).toBeGreaterThan(0);
    await markReviewed(db, actor("expertMod"), { slug: "limerence", revisionId: mid.revisionId, note: "Second look." });
    await publishEdit("limerence", (s) => s.replace("An added sentence.", "An added sentence, longer now, with more words in it."));
    const rows = await db.select().from(articleReviews).where(eq(articleReviews.articleId, a.id)).orderBy(articleReviews.id);
    expect(rows.map((r) => r.note)).toEqual(["First look.", "Second look."]);
    expect(rows[0]?.changedShare).toBe(firstShare); // the older review is left as it was
    expect(rows[1]?.changedShare).toBeGreaterThan(0);
    await publishEdit("limerence", () => mid.source);
    const [latest] = await db
      .select({ share: articleReviews.changedShare })
      .from(articleReviews)
      .where(and(eq(articleReviews.articleId, a.id), eq(articleReviews.note, "Second look.")));
    expect(latest?.share).toBe(0);
  });
});
