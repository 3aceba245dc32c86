// Server actions through the one wrapper (lib/actions.ts): a refused action comes back as form state in words, with
// what was typed, never as a thrown error (a 500). Run inside a Next request scope with real database sessions.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitEditor, withdrawAction } from "@/app/(account)/contribute/actions";
import { createIssueAction, resumeSendAction, saveIssueAction, sendIssueAction } from "@/app/admin/newsletter/actions";
import type { DbHandle } from "@/lib/db/client";
import { articles, proposals } from "@/lib/db/schema";
import { seedIfEmpty } from "@/lib/seed";
import { resetEnvCache } from "@/lib/env";
import { idleState } from "@/lib/forms";
import { createTestDatabase } from "../support/db";
import { inRequest, signIn, formData } from "../support/request";

let handle: DbHandle;
let author: Record<string, string>;
let other: Record<string, string>;
let proposalId: number;
beforeAll(async () => {
  process.env.AUTH_SECRET = "actions-test-secret";
  resetEnvCache();
  handle = await createTestDatabase();
  await seedIfEmpty(handle.db);
  author = await signIn(handle.db, { id: "action-author", email: "author@example.org", role: "contributor", displayName: "Action author" });
  other = await signIn(handle.db, { id: "action-other", email: "other@example.org", role: "contributor", displayName: "Someone else" });
  const [article] = await handle.db.select({ id: articles.id, revisionId: articles.currentRevisionId }).from(articles).where(eq(articles.slug, "ghosting"));
  const [row] = await handle.db
    .insert(proposals)
    .values({ articleId: article.id, baseRevisionId: article.revisionId, authorId: "action-author", source: "---\ntitle: x\n---\nx", summary: "Pending edit" })
    .returning({ id: proposals.id });
  proposalId = row.id;
});
afterAll(async () => {
  await handle.close();
});

const form = formData;

describe("refused actions answer in words", () => {
  it("withdrawing someone else's proposal", async () => {
    const state = await inRequest("/me/proposals", other, () => withdrawAction(idleState, form({ proposalId: String(proposalId) })));
    expect(state).toMatchObject({ status: "error", message: "That proposal does not exist or is not yours." });
    const [p] = await handle.db.select({ status: proposals.status }).from(proposals).where(eq(proposals.id, proposalId));
    expect(p.status).toBe("pending");
  });

  it("withdrawing with a malformed id, or signed out", async () => {
    expect(await inRequest("/me/proposals", author, () => withdrawAction(idleState, form({ proposalId: "abc" })))).toMatchObject({
      status: "error",
      fieldErrors: { proposalId: "Unknown proposal." },
    });
    expect(await inRequest("/me/proposals", {}, () => withdrawAction(idleState, form({ proposalId: String(proposalId) })))).toMatchObject({
      status: "error",
      message: "Please sign in first.",
    });
  });

  it("every admin newsletter action, for a contributor, keeps what was typed", async () => {
    const typed = { subject: "My subject", markdown: "My words" };
    for (const [name, action, fields] of [
      ["create", createIssueAction, typed],
      ["save", saveIssueAction, { id: "1", ...typed }],
      ["send", sendIssueAction, { id: "1", confirm: "yes" }],
      ["resume", resumeSendAction, { id: "1" }],
    ] as const) {
      const state = await inRequest("/admin/newsletter", author, () => action(idleState, form(fields)));
      expect(state.status, name).toBe("error");
      expect(state.message, name).toBe("Your account is not allowed to do that.");
      if ("subject" in fields) expect(state.values, name).toEqual(typed);
    }
  });

  it("a malformed issue id is a field message, not a thrown ZodError", async () => {
    expect(await inRequest("/admin/newsletter/x", author, () => resumeSendAction(idleState, form({ id: "not-a-number" })))).toMatchObject({
      status: "error",
      fieldErrors: { id: "Unknown issue." },
    });
  });
});

describe("the editor answers lib/'s refusals (AppError) as form state", () => {
  const newArticle = (title: string, editSummary = "A new article") =>
    form({ mode: "new", source: `---\ntitle: ${title}\nsummary: A summary.\ncategory: [Testing]\n---\nA lead.\n`, editSummary, acceptLicence: "on" });

  it("a field lib/ refuses comes back beside its field, and nothing is stored", async () => {
    const before = (await handle.db.select({ id: proposals.id }).from(proposals)).length;
    const state = await inRequest("/contribute", author, () => submitEditor(idleState, newArticle("Jealousy", "")));
    expect(state).toMatchObject({ status: "error", message: "Please fix the marked fields. Your text is still here." });
    expect(Object.keys(state.fieldErrors ?? {}).sort()).toEqual(["editSummary", "title"]);
    expect(state.fieldErrors?.title).toContain("/wiki/jealousy");
    expect((await handle.db.select({ id: proposals.id }).from(proposals)).length).toBe(before);
  });

  it("signed out, the editor says so and keeps the draft", async () => {
    expect(await inRequest("/contribute", {}, () => submitEditor(idleState, newArticle("Test Topic Omega")))).toMatchObject({
      status: "error",
      message: expect.stringMatching(/session has ended.*your text is kept here/),
    });
  });

  it("an accepted submission goes to the contributor's proposals", async () => {
    expect(await inRequest("/contribute", author, () => submitEditor(idleState, newArticle("Test Topic Omega")))).toMatchObject({
      status: "success",
      redirectTo: expect.stringMatching(/^\/me\/proposals\?submitted=\d+$/),
    });
  });
});

describe("the editor refuses unreadable characters, keeping the text", () => {
  const editorFields = (source: string, editSummary = "A fair summary") =>
    form({ mode: "edit", articleSlug: "ghosting", source, editSummary, acceptLicence: "on" });

  it.each([
    ["a NUL byte in the body", "---\ntitle: Ghosting\n---\nLead \u0000 text.", /NUL character .* at line 4/],
    // FormData carries text as USV strings: an unpaired surrogate arrives as U+FFFD, and is refused as such.
    ["an unpaired surrogate in the title", "---\ntitle: Gh\uD800osting\n---\nLead.", /could not be read .* at line 2/],
    ["U+FFFD from a broken encoding", "---\ntitle: Ghosting\n---\nLead \uFFFD.", /could not be read/],
    ["a control character", "---\ntitle: Ghosting\n---\nLead \u0007.", /invisible control character \(U\+0007\)/],
  ])("%s", async (_name, source, message) => {
    const state = await inRequest("/wiki/ghosting/edit", author, () => submitEditor(idleState, editorFields(source)));
    expect(state.status).toBe("error");
    expect(state.fieldErrors?.source).toMatch(message);
  });

  it("a NUL byte in the edit summary", async () => {
    const before = (await handle.db.select({ id: proposals.id }).from(proposals)).length;
    const state = await inRequest("/wiki/ghosting/edit", author, () => submitEditor(idleState, editorFields("---\ntitle: Ghosting\n---\nLead.", "Fix\u0000")));
    expect(state.fieldErrors?.editSummary).toMatch(/NUL character/);
    expect((await handle.db.select({ id: proposals.id }).from(proposals)).length).toBe(before);
  });
});
