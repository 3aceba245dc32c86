// Type-ahead for the header search box: up to 8 titles and other names as a reader types, prefix matches first, then
// near misses (pg_trgm). Answered from the trigram indexes on lower(title) and lower(label) (migration 0001), which
// serve both the LIKE prefix and the similarity match, so no article text is read.
import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../db/client";
import { normaliseSearchQuery } from "./search";

export const MAX_SUGGESTIONS = 8;
/** Longer input is a search, not a name being typed. */
export const MAX_SUGGEST_CHARS = 100;

/** One suggestion: the article, and the other name that matched when it was not the title ("felt security"). */
export type Suggestion = { slug: string; title: string; matched: string | null };

/** The prefix a reader typed, cleaned, or null when there is nothing to suggest for. */
export function suggestQuery(raw: unknown): string | null {
  const checked = normaliseSearchQuery(raw);
  if (!checked.ok || checked.query.length > MAX_SUGGEST_CHARS) return null;
  return checked.query.toLowerCase();
}

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Titles and other names starting with `query` (titles first, shorter first), then those merely similar to it
 * (trigram similarity, best first), one per article, at most `limit`.
 */
export async function suggestArticles(db: Db, query: string, limit = MAX_SUGGESTIONS): Promise<Suggestion[]> {
  const prefix = likePrefix(query);
  const result = await db.execute(sql`
    with candidates as (
      select a.slug, a.title, null::text as matched, 0 as tier, length(a.title) as len, 1.0::real as sim
        from articles a where lower(a.title) like ${prefix}
      union all
      select a.slug, a.title, al.label, 1, length(al.label), 1.0::real
        from article_aliases al join articles a on a.id = al.article_id
        where al.kind = 'alias' and lower(al.label) like ${prefix}
      union all
      select a.slug, a.title, null, 2, length(a.title), similarity(lower(a.title), ${query})
        from articles a where lower(a.title) % ${query}
      union all
      select a.slug, a.title, al.label, 3, length(al.label), similarity(lower(al.label), ${query})
        from article_aliases al join articles a on a.id = al.article_id
        where al.kind = 'alias' and lower(al.label) % ${query}
    ), best as (
      select distinct on (slug) slug, title, matched, tier, len, sim from candidates
      order by slug, tier, sim desc, len
    )
    select slug, title, matched from best
    order by case when tier <= 1 then 0 else 1 end, case when tier <= 1 then 0 else -sim end, tier, len, title
    limit ${limit}::int`);
  return rowsOf<{ slug: string; title: string; matched: string | null }>(result).map((r) => ({ slug: r.slug, title: r.title, matched: r.matched }));
}
