// The approved changes a watcher sees: edits, reverts and moves of the articles they watch, and new articles in the
// categories they watch, made after they started watching and not by themselves. One query for the watchlist page,
// the change emails and the digest, so the three never disagree about what counts.
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "../db/client";
import { FORMER_CONTRIBUTOR } from "../auth/accounts";

export type WatchedChange = {
  revisionId: number;
  parentId: number | null;
  kind: "create" | "edit" | "revert";
  summary: string;
  createdAt: Date;
  articleId: number;
  slug: string;
  title: string;
  authorName: string;
  /** Set when the change is a new article that came in through a watched category. */
  viaCategory: string | null;
};

type Row = {
  revision_id: number;
  parent_id: number | null;
  kind: WatchedChange["kind"];
  summary: string;
  created_at: string | Date;
  article_id: number;
  slug: string;
  title: string;
  author_name: string | null;
  via_category: string | null;
};

export type ChangeWindow = {
  /** Only changes after this moment (exclusive). */
  after?: Date;
  /** Only changes at or before this moment. */
  until?: Date;
  /** Only changes not yet listed in a change email to this watcher. */
  unmailed?: boolean;
  /** Only changes before this one in (created_at, id) order: the watchlist's next page. */
  before?: { createdAt: Date; revisionId: number };
  limit?: number;
};

/** The (user, revision) pairs a watcher is owed, as SQL selecting user_id, revision_id, via_category, created_at. */
export function watchedRevisionsSql(userFilter: SQL, w: ChangeWindow): SQL {
  const bounds = sql.join(
    [
      sql`r.kind <> 'seed'`,
      sql`r.author_id is distinct from w.user_id`,
      sql`r.created_at >= w.created_at`,
      w.after ? sql`r.created_at > ${w.after.toISOString()}::timestamptz` : sql`true`,
      w.until ? sql`r.created_at <= ${w.until.toISOString()}::timestamptz` : sql`true`,
      w.unmailed ? sql`not exists (select 1 from watch_email_changes e where e.user_id = w.user_id and e.revision_id = r.id)` : sql`true`,
    ],
    sql` and `,
  );
  return sql`
    select w.user_id, r.id as revision_id, null::text as via_category, r.created_at
      from watches w join revisions r on r.article_id = w.article_id
      where w.target = 'article' and ${userFilter} and ${bounds}
    union all
    select w.user_id, r.id as revision_id, w.category as via_category, r.created_at
      from watches w
      join article_categories c on c.category = w.category
      join revisions r on r.article_id = c.article_id and r.kind = 'create'
      where w.target = 'category' and ${userFilter} and ${bounds}
        and not exists (select 1 from watches aw where aw.user_id = w.user_id and aw.article_id = r.article_id)`;
}

/** One watcher's changes, newest first, with what a list needs to show and link them. */
export async function listWatchedChanges(db: Db, userId: string, w: ChangeWindow = {}): Promise<WatchedChange[]> {
  const owed = watchedRevisionsSql(sql`w.user_id = ${userId}`, w);
  const before = w.before ? sql`(r.created_at, r.id) < (${w.before.createdAt.toISOString()}::timestamptz, ${w.before.revisionId}::int)` : sql`true`;
  const result = await db.execute(sql`
    with owed as (${owed}),
    picked as (select revision_id, min(via_category) as via_category from owed group by revision_id)
    select r.id as revision_id, r.parent_id, r.kind, r.summary, r.created_at, a.id as article_id, a.slug, a.title,
           u.display_name as author_name, p.via_category
      from picked p
      join revisions r on r.id = p.revision_id
      join articles a on a.id = r.article_id
      left join users u on u.id = r.author_id
      where ${before}
      order by r.created_at desc, r.id desc
      limit ${w.limit ?? 200}::int`);
  return rowsOf<Row>(result).map((r) => ({
    revisionId: Number(r.revision_id),
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    kind: r.kind,
    summary: r.summary,
    createdAt: new Date(r.created_at),
    articleId: Number(r.article_id),
    slug: r.slug,
    title: r.title,
    authorName: r.author_name ?? FORMER_CONTRIBUTOR,
    viaCategory: r.via_category,
  }));
}
