import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { auditLog, newsletterIssues, users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createIssue, findPublishedIssue, getIssue, listIssuesForAdmin, listPublishedIssues, startSend, updateIssue } from "@/lib/newsletter/issues";
import { SEED_ISSUE_SLUG, seedNewsletterDraft } from "@/lib/newsletter/seed";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
const admin = { id: "admin-issues", role: "admin" as const };
const moderator = { id: "mod-issues", role: "moderator" as const };

beforeAll(async () => {
  process.env.EMAIL_TRANSPORT = "outbox";
  resetEnvCache();
  handle = await createTestDatabase();
  await handle.db.insert(users).values([
    { id: admin.id, email: "admin@attune.test", role: "admin", displayName: "Admin" },
    { id: moderator.id, email: "mod@attune.test", role: "moderator", displayName: "Mod" },
  ]);
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  await handle.db.execute(sql.raw("delete from newsletter_issues"));
});

describe("writing issues", () => {
  it("lets an admin create and edit a draft, with field errors that name the problem", async () => {
    await expect(createIssue(handle.db, admin, { subject: "Hi", markdown: "   " })).rejects.toMatchObject({
      code: "bad_request",
      fieldErrors: { subject: "Write a subject of at least 3 characters.", markdown: "Write the issue before saving it." },
    });

    const created = await createIssue(handle.db, admin, { subject: "Bio tips: the first lines", markdown: "Hello **there**." });
    expect(created).toMatchObject({ slug: "bio-tips-the-first-lines" });
    const updated = await updateIssue(handle.db, admin, created.id, { subject: "Better bio lines", markdown: "Changed." });
    expect(updated).toMatchObject({ slug: "better-bio-lines" });
    expect(await getIssue(handle.db, created.id)).toMatchObject({ subject: "Better bio lines", markdown: "Changed.", status: "draft" });
  });

  it("refuses Markdown past the articles' shape limits, which both parts of the email are rendered from", async () => {
    await expect(createIssue(handle.db, admin, { subject: "Deep quotes", markdown: `Lead.\n\n${">".repeat(1_500)} x` })).rejects.toMatchObject({
      code: "bad_request",
      fieldErrors: { markdown: expect.stringMatching(/nested too deeply/) },
    });
  });

  it("gives each issue its own address", async () => {
    const a = await createIssue(handle.db, admin, { subject: "Same subject", markdown: "A" });
    const b = await createIssue(handle.db, admin, { subject: "Same subject", markdown: "B" });
    expect(a.slug).toBe("same-subject");
    expect(b.slug).toBe("same-subject-2");
  });

  it("is for admins only", async () => {
    await expect(createIssue(handle.db, moderator, { subject: "Nope", markdown: "No" })).rejects.toBeInstanceOf(AppError);
    await expect(createIssue(handle.db, null, { subject: "Nope", markdown: "No" })).rejects.toMatchObject({ code: "unauthorized" });
  });
});

describe("starting a send", () => {
  it("happens once, is audited, and freezes the issue", async () => {
    const created = await createIssue(handle.db, admin, { subject: "Frozen", markdown: "Final text." });
    await expect(startSend(handle.db, moderator, created.id)).rejects.toMatchObject({ code: "forbidden" });
    await startSend(handle.db, admin, created.id);
    await expect(startSend(handle.db, admin, created.id)).rejects.toMatchObject({
      code: "conflict",
      message: "This issue is already being sent, or has been sent.",
    });
    await expect(updateIssue(handle.db, admin, created.id, { subject: "Changed", markdown: "Changed" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/already been sent/),
    });
    expect(await getIssue(handle.db, created.id)).toMatchObject({ status: "sending", subject: "Frozen", sendStartedAt: expect.any(Date) });
    const audit = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, String(created.id)));
    expect(audit).toEqual([expect.objectContaining({ actorId: admin.id, action: "newsletter.send_started", targetType: "newsletter_issue" })]);
  });
});

describe("the public archive", () => {
  it("lists only issues whose send has started, newest first", async () => {
    await createIssue(handle.db, admin, { subject: "Still a draft", markdown: "Secret" }); // never listed
    const older = await createIssue(handle.db, admin, { subject: "Older issue", markdown: "Old" });
    const newer = await createIssue(handle.db, admin, { subject: "Newer issue", markdown: "New" });
    await startSend(handle.db, admin, older.id, new Date("2026-10-01T09:00:00Z"));
    await startSend(handle.db, admin, newer.id, new Date("2026-11-01T09:00:00Z"));
    await handle.db.update(newsletterIssues).set({ status: "sent" }).where(eq(newsletterIssues.id, older.id));

    expect(await listPublishedIssues(handle.db)).toEqual([
      { slug: "newer-issue", subject: "Newer issue", publishedAt: "2026-11-01T09:00:00.000Z" },
      { slug: "older-issue", subject: "Older issue", publishedAt: "2026-10-01T09:00:00.000Z" },
    ]);
    expect(await findPublishedIssue(handle.db, "still-a-draft")).toBeNull();
    expect(await findPublishedIssue(handle.db, "older-issue")).toMatchObject({ subject: "Older issue", markdown: "Old" });
    expect((await listIssuesForAdmin(handle.db)).map((i) => i.subject)).toEqual(["Still a draft", "Newer issue", "Older issue"]);
  });
});

describe("the seed draft", () => {
  it("is written once, only into an empty table, as a draft", async () => {
    expect(await seedNewsletterDraft(handle.db)).toBe(true);
    expect(await seedNewsletterDraft(handle.db)).toBe(false);
    const rows = await handle.db.select({ slug: newsletterIssues.slug, status: newsletterIssues.status }).from(newsletterIssues);
    expect(rows).toEqual([{ slug: SEED_ISSUE_SLUG, status: "draft" }]);
  });
});
