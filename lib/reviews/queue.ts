// The re-review queue: articles whose latest review has expired (lib/reviews/expiry.ts) and articles never reviewed.
// Order: sensitive articles first; within each, the oldest review first, a never-reviewed article counting as the
// oldest of all (it has waited longest for a first look); ties by article id. So four segments, in this order:
//   0 sensitive, never reviewed (by id)   1 sensitive, expired (by review date, id)
//   2 others, never reviewed (by id)      3 others, expired (by review date, id)
// Pages are keyset pages (a cursor names the last row shown), so a page costs the same at 100k articles as at 32:
// a never-reviewed segment walks the articles' primary key from the cursor with an anti-join on the reviews' index
// and stops at the page size; an expired segment reads the latest review of each reviewed article (article_reviews
// holds a row per review, far fewer than articles). At most four bounded queries a page, none per row.
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

/** Where a page starts: after this row of this segment (`at`: the review's time, exactly as stored, for segments 1 and 3). */
export type QueueCursor = { segment: 0 | 1 | 2 | 3; id: number; at?: string };

export type QueuePage = { rows: QueueRow[]; total: number; next: QueueCursor | null };

/** A cursor in a URL: `2.1234` or `3.1234.2026-01-05T10:00:00.123456Z`; anything else is the first page. */
export function parseQueueCursor(value: string | undefined): QueueCursor | null {
  const m = /^([0-3])\.([1-9]\d{0,9})(?:\.(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z))?$/.exec(value ?? "");
  if (!m) return null;
  const segment = Number(m[1]) as QueueCursor["segment"];
  const expired = segment === 1 || segment === 3;
  if (expired !== Boolean(m[3])) return null;
  return { segment, id: Number(m[2]), ...(m[3] ? { at: m[3] } : {}) };
}

export function formatQueueCursor(c: QueueCursor): string {
  return c.at ? `${c.segment}.${c.id}.${c.at}` : `${c.segment}.${c.id}`;
}

type Raw = {
  id: number;
  slug: string;
  title: string;
  sensitive: boolean;
  reviewed_at: string | null;
  revision_id: number | null;
  changed_share: number | null;
};

/** The queue's page after `cursor` (null: the first), for experts only, whatever their role. */
export async function listReviewQueue(
  db: Db,
  actor: Actor | null,
  limits: ReviewLimits,
  cursor: QueueCursor | null = null,
  now = new Date(),
): Promise<QueuePage> {
  if (!actor) throw new AppError("unauthorized", "Please sign in first.");
  if (!(await isActiveExpert(db, actor))) throw new AppError("forbidden", "The re-review queue is for experts with an expert profile.");
  return readReviewQueue(db, limits, cursor, now);
}

/** `months` calendar months before `now`: a review made before it has run out of time. */
export function monthsBefore(now: Date, months: number): Date {
  return reviewValidUntil(now, -months);
}

const LATEST = sql`(select distinct on (r.article_id) r.article_id, r.created_at, r.revision_id, r.changed_share
                      from article_reviews r order by r.article_id, r.created_at desc, r.id desc)`;
// The review's time to the microsecond, as a cursor carries it (a JavaScript Date keeps milliseconds only).
const AT = sql`to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

async function segmentRows(db: Db, segment: QueueCursor["segment"], after: QueueCursor | null, limit: number, cutoff: Date, share: number): Promise<Raw[]> {
  const sensitive = segment < 2;
  if (segment === 0 || segment === 2) {
    const afterId = after?.segment === segment ? after.id : 0;
    return rowsOf<Raw>(
      await db.execute(sql`
        select a.id, a.slug, a.title, a.sensitive, null as reviewed_at, null as revision_id, null as changed_share
          from articles a
         where a.sensitive = ${sensitive} and a.id > ${afterId}
           and not exists (select 1 from article_reviews r where r.article_id = a.id)
         order by a.id
         limit ${limit}`),
    );
  }
  const from = after?.segment === segment && after.at ? sql`and (l.created_at, a.id) > (${after.at}::timestamptz, ${after.id})` : sql``;
  return rowsOf<Raw>(
    await db.execute(sql`
      select a.id, a.slug, a.title, a.sensitive, ${AT} as reviewed_at, l.revision_id, l.changed_share
        from ${LATEST} l
        join articles a on a.id = l.article_id
       where a.sensitive = ${sensitive}
         and (l.created_at < ${cutoff.toISOString()}::timestamptz or l.changed_share > ${share})
         ${from}
       order by l.created_at, a.id
       limit ${limit}`),
  );
}

/** How many articles the queue holds: never reviewed (all articles less the reviewed ones) plus expired. */
async function queueSize(db: Db, cutoff: Date, share: number): Promise<number> {
  const [row] = rowsOf<{ articles: number | string; reviewed: number | string; expired: number | string }>(
    await db.execute(sql`
      select (select count(*) from articles) as articles,
             count(*) as reviewed,
             count(*) filter (where l.created_at < ${cutoff.toISOString()}::timestamptz or l.changed_share > ${share}) as expired
        from ${LATEST} l`),
  );
  return row ? Number(row.articles) - Number(row.reviewed) + Number(row.expired) : 0;
}

/** The queue itself, without the permission check: the page after `cursor`, `size` rows at most. */
export async function readReviewQueue(
  db: Db,
  limits: ReviewLimits,
  cursor: QueueCursor | null = null,
  now = new Date(),
  size = QUEUE_PAGE_SIZE,
): Promise<QueuePage> {
  const cutoff = monthsBefore(now, limits.validMonths);
  const raw: { segment: QueueCursor["segment"]; row: Raw }[] = [];
  // One more row than the page, to know whether there is a next page.
  for (let segment = cursor?.segment ?? 0; segment <= 3 && raw.length <= size; segment++) {
    const s = segment as QueueCursor["segment"];
    for (const row of await segmentRows(db, s, cursor, size + 1 - raw.length, cutoff, limits.changeShare)) raw.push({ segment: s, row });
  }
  const total = await queueSize(db, cutoff, limits.changeShare);
  const page = raw.slice(0, size);
  const last = page[page.length - 1];
  const next =
    raw.length > size && last ? { segment: last.segment, id: Number(last.row.id), ...(last.row.reviewed_at ? { at: last.row.reviewed_at } : {}) } : null;
  const rows = page.map(({ row: r }): QueueRow => {
    const reviewedAt = r.reviewed_at === null ? null : new Date(r.reviewed_at);
    const changedShare = r.changed_share === null ? null : Number(r.changed_share);
    const byTime = reviewedAt !== null && reviewedAt.getTime() < cutoff.getTime(); // as the query decided
    const byChange = changedShare !== null && changedShare > limits.changeShare;
    const reason = reviewedAt === null ? "never" : byTime && byChange ? "time-and-changed" : byChange ? "changed" : "time";
    return {
      articleId: Number(r.id),
      slug: r.slug,
      title: r.title,
      sensitive: r.sensitive,
      reviewedAt,
      reviewedRevisionId: r.revision_id === null ? null : Number(r.revision_id),
      changedShare,
      reason,
    };
  });
  return { rows, total, next };
}
