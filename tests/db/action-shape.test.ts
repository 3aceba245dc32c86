// Every server action on the one wrapper (lib/actions.ts): a refused input comes back as form state in words a
// person can read (with field messages where a field is at fault), never as a thrown error, a redirect with the
// error in its URL, or a 500. Each case here failed before its action moved onto the wrapper, or pins its words.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revertAction } from "@/app/(account)/wiki/[slug]/history/actions";
import { requestSignInLink } from "@/app/(account)/signin/actions";
import { deleteMyAccount, saveDisplayName } from "@/app/(account)/welcome/actions";
import { openBillingPortal, startDonation, stopMonthlyGift } from "@/app/(site)/donate/actions";
import { confirm, erase, subscribe, unsubscribe } from "@/app/(site)/newsletter/actions";
import { changeRoleAction } from "@/app/admin/users/actions";
import { decideProposal } from "@/app/moderation/actions";
import type { DbHandle } from "@/lib/db/client";
import { articles, proposals, revisions, users } from "@/lib/db/schema";
import { seedIfEmpty } from "@/lib/seed";
import { resetEnvCache } from "@/lib/env";
import { idleState, type FormState } from "@/lib/forms";
import { createTestDatabase } from "../support/db";
import { inRequest, signIn, formData } from "../support/request";

let handle: DbHandle;
let contributor: Record<string, string>;
let moderator: Record<string, string>;
let admin: Record<string, string>;
let proposalId: number;
let oldRevisionId: number;

beforeAll(async () => {
  process.env.AUTH_SECRET = "action-shape-test-secret";
  delete process.env.STRIPE_SECRET_KEY; // donations off: the donate actions say so in words
  resetEnvCache();
  handle = await createTestDatabase();
  await seedIfEmpty(handle.db);
  contributor = await signIn(handle.db, { id: "shape-contributor", email: "contributor@example.org", role: "contributor", displayName: "Shape contributor" });
  moderator = await signIn(handle.db, { id: "shape-moderator", email: "moderator@example.org", role: "moderator", displayName: "Shape moderator" });
  admin = await signIn(handle.db, { id: "shape-admin", email: "admin@example.org", role: "admin", displayName: "Shape admin" });
  const [article] = await handle.db.select({ id: articles.id, revisionId: articles.currentRevisionId }).from(articles).where(eq(articles.slug, "ghosting"));
  const [row] = await handle.db
    .insert(proposals)
    .values({
      articleId: article.id,
      baseRevisionId: article.revisionId,
      authorId: "shape-contributor",
      source: "---\ntitle: x\n---\nx",
      summary: "Pending edit",
    })
    .returning({ id: proposals.id });
  proposalId = row.id;
  oldRevisionId = article.revisionId ?? 0;
});
afterAll(async () => {
  await handle.close();
});

const form = formData;

/** Runs the action as the person whose headers these are; a thrown error (a redirect included) fails the test. */
async function run(
  path: string,
  who: Record<string, string>,
  action: (prev: FormState, data: FormData) => Promise<FormState>,
  fields: Record<string, string>,
): Promise<FormState> {
  return inRequest(path, who, () => action(idleState, form(fields)));
}

describe("moderation decisions", () => {
  it("a contributor deciding is told so", async () => {
    expect(await run("/moderation/1", contributor, decideProposal, { proposalId: String(proposalId), decision: "approve" })).toMatchObject({
      status: "error",
      message: "Your account is not allowed to do that.",
    });
  });

  it("a note holding a NUL character is a field message, not a database error", async () => {
    const state = await run("/moderation/1", moderator, decideProposal, { proposalId: String(proposalId), decision: "reject", note: "Not \u0000 this" });
    expect(state.status).toBe("error");
    expect(state.fieldErrors?.note).toMatch(/NUL character/);
    expect(state.values?.note).toBe("Not \u0000 this");
    const [p] = await handle.db.select({ status: proposals.status }).from(proposals).where(eq(proposals.id, proposalId));
    expect(p.status).toBe("pending");
  });

  it("a rejection without a note keeps what was typed and names the note field", async () => {
    const state = await run("/moderation/1", moderator, decideProposal, { proposalId: String(proposalId), decision: "reject", note: " x " });
    expect(state).toMatchObject({
      status: "error",
      message: "Write a note for the author saying why the proposal is rejected.",
      fieldErrors: { note: "Write a note for the author saying why the proposal is rejected." },
      values: { note: " x " },
    });
  });

  it("an unknown decision is a field message", async () => {
    expect(await run("/moderation/1", moderator, decideProposal, { proposalId: String(proposalId), decision: "publish" })).toMatchObject({
      status: "error",
      fieldErrors: { decision: expect.any(String) },
    });
  });
});

describe("history revert", () => {
  it("a contributor reverting is told so", async () => {
    expect(await run("/wiki/ghosting/history", contributor, revertAction, { slug: "ghosting", revisionId: String(oldRevisionId) })).toMatchObject({
      status: "error",
      message: "Your account is not allowed to do that.",
    });
  });

  it("a revision of another article is refused in words", async () => {
    const [other] = await handle.db
      .select({ id: revisions.id })
      .from(revisions)
      .innerJoin(articles, eq(articles.id, revisions.articleId))
      .where(eq(articles.slug, "jealousy"))
      .limit(1);
    expect(await run("/wiki/ghosting/history", moderator, revertAction, { slug: "ghosting", revisionId: String(other.id) })).toMatchObject({
      status: "error",
      message: "That revision does not belong to this article.",
    });
  });

  it("a malformed revision id is a field message", async () => {
    expect(await run("/wiki/ghosting/history", moderator, revertAction, { slug: "ghosting", revisionId: "0x1" })).toMatchObject({
      status: "error",
      fieldErrors: { revisionId: expect.any(String) },
    });
  });
});

describe("admin roles", () => {
  it("a contributor changing a role gets form state, not a redirect with the error in the URL", async () => {
    expect(await run("/admin/users", contributor, changeRoleAction, { userId: "shape-moderator", role: "admin" })).toMatchObject({
      status: "error",
      message: "Your account is not allowed to do that.",
    });
    const [m] = await handle.db.select({ role: users.role }).from(users).where(eq(users.id, "shape-moderator"));
    expect(m.role).toBe("moderator");
  });

  it("an admin changing their own role is told why not", async () => {
    expect(await run("/admin/users", admin, changeRoleAction, { userId: "shape-admin", role: "reader" })).toMatchObject({
      status: "error",
      message: "You cannot change your own role; ask another admin.",
    });
  });

  it("an unknown role is a field message", async () => {
    expect(await run("/admin/users", admin, changeRoleAction, { userId: "shape-moderator", role: "owner" })).toMatchObject({
      status: "error",
      fieldErrors: { role: "Choose one of the roles." },
    });
  });

  it("a change that works goes back to the list, which says so", async () => {
    await expect(run("/admin/users", admin, changeRoleAction, { userId: "shape-contributor", role: "contributor" })).rejects.toMatchObject({
      digest: expect.stringContaining("/admin/users?saved=1"),
    });
  });
});

describe("sign-in", () => {
  it("an address that is not one is a field message, and what was typed stays", async () => {
    expect(await run("/signin", {}, requestSignInLink, { email: "not an address" })).toMatchObject({
      status: "error",
      fieldErrors: { email: "Enter an email address such as name@example.org." },
      values: { email: "not an address" },
    });
  });

  it("a NUL character in the address is a field message", async () => {
    expect(await run("/signin", {}, requestSignInLink, { email: "a\u0000@example.org" })).toMatchObject({
      status: "error",
      fieldErrors: { email: expect.stringMatching(/NUL character/) },
    });
  });
});

describe("welcome: display name and account deletion", () => {
  it("a display name is checked with Zod and the field named", async () => {
    expect(await run("/welcome", contributor, saveDisplayName, { displayName: "x" })).toMatchObject({
      status: "error",
      fieldErrors: { displayName: "Use at least 2 characters." },
      values: { displayName: "x" },
    });
  });

  it("a name someone else uses is a field message", async () => {
    expect(await run("/welcome", contributor, saveDisplayName, { displayName: "Shape moderator" })).toMatchObject({
      status: "error",
      fieldErrors: { displayName: "Someone else already uses that name. Please choose another." },
    });
  });

  it("signed out, the form says so", async () => {
    expect(await run("/welcome", {}, saveDisplayName, { displayName: "Somebody" })).toMatchObject({
      status: "error",
      message: "Your session has ended. Please sign in again.",
    });
  });

  it("deleting without typing delete is a field message", async () => {
    expect(await run("/me", contributor, deleteMyAccount, { confirm: "yes" })).toMatchObject({
      status: "error",
      fieldErrors: { confirm: 'Type "delete" to confirm.' },
    });
    const [u] = await handle.db.select({ id: users.id }).from(users).where(eq(users.id, "shape-contributor"));
    expect(u).toBeDefined();
  });
});

describe("donations (not configured here)", () => {
  it("every donate action says donations are off, in words", async () => {
    for (const [action, fields] of [
      [startDonation, { amount: "2500", customAmount: "", interval: "one_time", currency: "usd" }],
      [stopMonthlyGift, { token: "x" }],
      [openBillingPortal, { token: "x" }],
    ] as const) {
      const state = await run("/donate", {}, action, fields);
      expect(state.status).toBe("error");
      expect(state.message).toMatch(/not (valid|configured)/);
    }
  });

  it("a too long amount names its field, with what was typed", async () => {
    const state = await run("/donate", {}, startDonation, { amount: "1".repeat(30), customAmount: "", interval: "one_time", currency: "usd" });
    expect(state.status).toBe("error");
    expect(state.values?.amount).toBe("1".repeat(30));
  });
});

describe("the public newsletter forms", () => {
  it("a sign-up with no address is a field message", async () => {
    expect(await run("/newsletter", {}, subscribe, { email: "nope", source: "page" })).toMatchObject({
      status: "error",
      fieldErrors: { email: expect.any(String) },
      values: { email: "nope" },
    });
  });

  it("confirm, unsubscribe and erase with a missing or unknown token answer in words", async () => {
    expect(await run("/newsletter/confirm", {}, confirm, {})).toMatchObject({
      status: "error",
      message: "This link is incomplete. Open it again from your email.",
    });
    expect(await run("/newsletter/confirm", {}, confirm, { token: "unknown-token" })).toMatchObject({
      status: "error",
      message: expect.stringMatching(/not valid any more/),
    });
    expect(await run("/newsletter/unsubscribe", {}, unsubscribe, { token: "unknown-token" })).toMatchObject({
      status: "error",
      message: "This unsubscribe link is not valid. The address may already have been erased.",
    });
    expect(await run("/newsletter/unsubscribe", {}, erase, { token: "unknown-token" })).toMatchObject({
      status: "error",
      message: "We could not find an address for this link: it may already have been erased.",
    });
    expect(await run("/newsletter/unsubscribe", {}, unsubscribe, {})).toMatchObject({
      status: "error",
      message: "This link is incomplete. Use the link from one of our emails.",
    });
  });
});
