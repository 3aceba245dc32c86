// Newsletter issues: drafts an admin writes and edits, then sends once. An issue becomes public (archive)
// when its send starts, and can no longer be changed from then on.
import "server-only";
import { and, asc, desc, eq, inArray, like, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { checkMarkdownShape } from "../articles/markdown-limits";
import { slugify } from "../articles/slug";
import { requirePermission } from "../auth/guard";
import type { Actor } from "../auth/policy";
import { isUniqueViolation, type Db } from "../db/client";
import { auditLog, newsletterDeliveries, newsletterIssues } from "../db/schema";
import { env } from "../env";
import { AppError } from "../errors";
import { fieldErrorsOf } from "../forms";
import { queueSend } from "./send";

export type IssueStatus = (typeof newsletterIssues.$inferSelect)["status"];

export function issueFormSchema() {
  const maxChars = env().MAX_SOURCE_KB * 1024;
  return z.object({
    subject: z.string().trim().min(3, "Write a subject of at least 3 characters.").max(150, "Keep the subject under 150 characters."),
    markdown: z
      .string()
      .trim()
      .min(1, "Write the issue before saving it.")
      .max(maxChars, `The issue is too long: the limit is ${env().MAX_SOURCE_KB} KB.`)
      // The articles' limits (nesting, delimiter runs, table size), so that both parts of its email render quickly.
      .superRefine((markdown, ctx) => {
        const shape = checkMarkdownShape(markdown);
        if (shape) ctx.addIssue({ code: "custom", message: shape.message });
      }),
  });
}

export type IssueInput = { subject: string; markdown: string };
/** A saved issue; a refusal is an AppError (with field messages when a field is at fault). */
export type SavedIssue = { id: number; slug: string };

/** "Five bio lines that work — and why" → "five-bio-lines-that-work-and-why": the one slugify, at most 80 characters, never empty. */
export function issueSlug(subject: string): string {
  return slugify(subject).slice(0, 80).replace(/-+$/, "") || "issue";
}

async function freeSlug(db: Db, base: string, exceptId?: number): Promise<string> {
  const rows = await db
    .select({ slug: newsletterIssues.slug })
    .from(newsletterIssues)
    .where(
      and(
        or(eq(newsletterIssues.slug, base), like(newsletterIssues.slug, `${base}-%`)),
        exceptId === undefined ? undefined : ne(newsletterIssues.id, exceptId),
      ),
    );
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function validate(input: IssueInput): IssueInput {
  const parsed = issueFormSchema().safeParse(input);
  if (!parsed.success) throw new AppError("bad_request", "Please fix the marked fields. Your text is still here.", fieldErrorsOf(parsed.error));
  return parsed.data;
}

export async function createIssue(db: Db, actor: Actor | null, input: IssueInput): Promise<SavedIssue> {
  const admin = requirePermission(actor, "newsletter:manage");
  const data = validate(input);
  // Two admins saving the same subject at once: the unique slug decides, and the loser takes the next number.
  for (let attempt = 0; attempt < 3; attempt++) {
    const slug = await freeSlug(db, issueSlug(data.subject));
    try {
      const [row] = await db
        .insert(newsletterIssues)
        .values({ slug, subject: data.subject, markdown: data.markdown, authorId: admin.id })
        .returning({ id: newsletterIssues.id });
      return { id: row.id, slug };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new AppError("conflict", "Someone saved an issue with the same subject at the same moment. Please save again.");
}

/** Saves a draft. Once its send has started an issue is what subscribers received, so it stays as it is. */
export async function updateIssue(db: Db, actor: Actor | null, id: number, input: IssueInput): Promise<SavedIssue> {
  requirePermission(actor, "newsletter:manage");
  const data = validate(input);
  const [current] = await db
    .select({ status: newsletterIssues.status, slug: newsletterIssues.slug, subject: newsletterIssues.subject })
    .from(newsletterIssues)
    .where(eq(newsletterIssues.id, id));
  if (!current) throw new AppError("not_found", "This issue no longer exists.");
  if (current.status !== "draft")
    throw new AppError("conflict", "This issue has already been sent, so it can no longer be changed. Start a new issue instead.");
  const slug = current.subject === data.subject ? current.slug : await freeSlug(db, issueSlug(data.subject), id);
  try {
    const rows = await db
      .update(newsletterIssues)
      .set({ subject: data.subject, markdown: data.markdown, slug, updatedAt: new Date() })
      .where(and(eq(newsletterIssues.id, id), eq(newsletterIssues.status, "draft")))
      .returning({ id: newsletterIssues.id });
    if (rows.length === 0) throw new AppError("conflict", "This issue started sending while you were editing it, so your changes were not saved.");
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError("conflict", "Another issue took that address at the same moment. Please save again.", {}, { cause: error });
  }
  return { id, slug };
}

export type AdminIssue = {
  id: number;
  slug: string;
  subject: string;
  markdown: string;
  status: IssueStatus;
  createdAt: Date;
  updatedAt: Date;
  sendStartedAt: Date | null;
  sentAt: Date | null;
};

export async function getIssue(db: Db, id: number): Promise<AdminIssue | null> {
  const [row] = await db
    .select({
      id: newsletterIssues.id,
      slug: newsletterIssues.slug,
      subject: newsletterIssues.subject,
      markdown: newsletterIssues.markdown,
      status: newsletterIssues.status,
      createdAt: newsletterIssues.createdAt,
      updatedAt: newsletterIssues.updatedAt,
      sendStartedAt: newsletterIssues.sendStartedAt,
      sentAt: newsletterIssues.sentAt,
    })
    .from(newsletterIssues)
    .where(eq(newsletterIssues.id, id));
  return row ?? null;
}

export type IssueSummary = {
  id: number;
  slug: string;
  subject: string;
  status: IssueStatus;
  updatedAt: Date;
  sentAt: Date | null;
  sent: number;
  failed: number;
};

export async function listIssuesForAdmin(db: Db): Promise<IssueSummary[]> {
  return db
    .select({
      id: newsletterIssues.id,
      slug: newsletterIssues.slug,
      subject: newsletterIssues.subject,
      status: newsletterIssues.status,
      updatedAt: newsletterIssues.updatedAt,
      sentAt: newsletterIssues.sentAt,
      sent: sql<number>`(select count(*)::int from ${newsletterDeliveries} d where d.issue_id = ${newsletterIssues.id} and d.status = 'sent')`,
      failed: sql<number>`(select count(*)::int from ${newsletterDeliveries} d where d.issue_id = ${newsletterIssues.id} and d.status = 'failed')`,
    })
    .from(newsletterIssues)
    .orderBy(sql`${newsletterIssues.status} = 'draft' desc`, desc(newsletterIssues.updatedAt), desc(newsletterIssues.id));
}

/** Draft → sending, with the send's job enqueued in the same transaction. Only one caller wins; the others get a conflict. */
export async function startSend(db: Db, actor: Actor | null, id: number, now: Date = new Date()): Promise<void> {
  const admin = requirePermission(actor, "newsletter:manage");
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(newsletterIssues)
      .set({ status: "sending", sendStartedAt: now, updatedAt: now })
      .where(and(eq(newsletterIssues.id, id), eq(newsletterIssues.status, "draft")))
      .returning({ id: newsletterIssues.id });
    if (rows.length === 0) throw new AppError("conflict", "This issue is already being sent, or has been sent.");
    await tx
      .insert(auditLog)
      .values({ actorId: admin.id, action: "newsletter.send_started", targetType: "newsletter_issue", targetId: String(id), details: {} });
    await queueSend(tx, id);
  });
}

// What the public archive shows: issues whose send has started (their text is final from then on).
const PUBLISHED: IssueStatus[] = ["sending", "sent"];

export type PublishedIssueCard = { slug: string; subject: string; publishedAt: string };
export type PublishedIssue = PublishedIssueCard & { markdown: string };

export async function listPublishedIssues(db: Db): Promise<PublishedIssueCard[]> {
  const rows = await db
    .select({
      slug: newsletterIssues.slug,
      subject: newsletterIssues.subject,
      publishedAt: newsletterIssues.sendStartedAt,
      createdAt: newsletterIssues.createdAt,
    })
    .from(newsletterIssues)
    .where(inArray(newsletterIssues.status, PUBLISHED))
    .orderBy(desc(newsletterIssues.sendStartedAt), asc(newsletterIssues.id));
  return rows.map((r) => ({ slug: r.slug, subject: r.subject, publishedAt: (r.publishedAt ?? r.createdAt).toISOString() }));
}

export async function findPublishedIssue(db: Db, slug: string): Promise<PublishedIssue | null> {
  const [row] = await db
    .select({
      slug: newsletterIssues.slug,
      subject: newsletterIssues.subject,
      markdown: newsletterIssues.markdown,
      publishedAt: newsletterIssues.sendStartedAt,
      createdAt: newsletterIssues.createdAt,
    })
    .from(newsletterIssues)
    .where(and(eq(newsletterIssues.slug, slug), inArray(newsletterIssues.status, PUBLISHED)))
    .limit(1);
  return row ? { slug: row.slug, subject: row.subject, markdown: row.markdown, publishedAt: (row.publishedAt ?? row.createdAt).toISOString() } : null;
}
