// The re-review queue: articles whose latest review has expired (lib/reviews/expiry.ts) and articles never reviewed.
// Order: sensitive articles first; within each, the oldest review first, a never-reviewed article counting as the
// oldest of all (it has waited longest for a first look); then by article id, so pages never overlap.
// One query per page: the latest review of every reviewed article (DISTINCT ON over article_reviews, which holds a row
// per review, not per article) joined to the articles, filtered and sorted in the database, a page at a time.
import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "../auth/policy";
import { rowsOf, type Db } from "../db/client";
import { AppError } from "../errors";
import { reviewValidUntil, type ReviewLimits } from "./expiry";
import { isActiveExpert } from "./profiles";

export const QUEUE_PAGE_SIZE = 50;

export type QueueRow = {
  articleId: number;
  slug: string;
  title: string;
  sensitive: boolean;
  /** Null: never reviewed. */
  reviewedAt: Date | null;
  reviewedRevisionId: number | null;
  changedShare: number | null;
  reason: "never" | "time" | "changed" | "time-and-changed";
};

export type QueuePage = { rows: QueueRow[]; total: number; page: number; pages: number };

type Raw = {
  id: number;
  slug: string;
  title: string;
  sensitive: boolean;
  reviewed_at: string | Date | null;
  revision_id: number | null;
  changed_share: number | null;
  total: number | string;
};

/** The queue's page `page` (from 1), for experts only. */
export async function listReviewQueue(db: Db, actor: Actor | null, limits: ReviewLimits, page = 1, now = new Date()): Promise<QueuePage> {
  if (!actor) throw new AppError("unauthorized", "Please sign in first.");
  // Any role: expertise is a profile (lib/auth/policy.ts, canReview).
  if (!(await isActiveExpert(db, actor))) throw new AppError("forbidden", "The re-review queue is for experts with an expert profile.");
  return readReviewQueue(db, limits, page, now);
}

/** The queue itself, without the permission check (tests and the page's count share it). */
export async function readReviewQueue(db: Db, limits: ReviewLimits, page = 1, now = new Date()): Promise<QueuePage> {
  // Reviews made before this moment have run out of time (the inverse of reviewValidUntil, to the day).
  const cutoff = monthsBefore(now, limits.validMonths);
  const offset = (Math.max(1, page) - 1) * QUEUE_PAGE_SIZE;
  const result = await db.execute(sql`
    with latest as (
      select distinct on (r.article_id) r.article_id, r.created_at, r.revision_id, r.changed_share
        from article_reviews r
       order by r.article_id, r.created_at desc, r.id desc
    )
    select a.id, a.slug, a.title, a.sensitive, l.created_at as reviewed_at, l.revision_id, l.changed_share, count(*) over () as total
      from articles a
      left join latest l on l.article_id = a.id
     where l.article_id is null or l.created_at < ${cutoff.toISOString()}::timestamptz or l.changed_share > ${limits.changeShare}
     order by a.sensitive desc, l.created_at asc nulls first, a.id asc
     limit ${QUEUE_PAGE_SIZE} offset ${offset}`);
  const raw = rowsOf<Raw>(result);
  const total = raw[0] ? Number(raw[0].total) : 0;
  const rows = raw.map((r): QueueRow => {
    const reviewedAt = r.reviewed_at === null ? null : new Date(r.reviewed_at);
    const changedShare = r.changed_share === null ? null : Number(r.changed_share);
    const byTime = reviewedAt !== null && reviewedAt.getTime() < cutoff.getTime(); // as the query decided
    const byChange = changedShare !== null && changedShare > limits.changeShare;
    const reason = reviewedAt === null ? "never" : byTime && byChange ? "time-and-changed" : byTime ? "time" : "changed";
    return {
      articleId: Number(r.id),
      slug: r.slug,
      title: r.title,
      sensitive: r.sensitive,
      reviewedAt,
      reviewedRevisionId: r.revision_id,
      changedShare,
      reason,
    };
  });
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)) };
}

/** `months` calendar months before `now`: a review made before it is past its time (reviewValidUntil(it) < now). */
export function monthsBefore(now: Date, months: number): Date {
  return reviewValidUntil(now, -months);
}
