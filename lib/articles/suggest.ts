// Type-ahead for the header search box: up to 8 titles and other names as a reader types, prefix matches first, then
// near misses (pg_trgm). Answered from indexes built for it: byte-order indexes on lower(title) and lower(label) for
// prefixes (migration 0006) and the trigram indexes for near misses (migration 0001), so no article text is read.
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "../db/client";
import type { TermType } from "../db/schema/articles";
import { normaliseSearchQuery } from "./search";
import { suggestIndex, toSuggestion, type Suggestion } from "./suggest-index";

export type { Suggestion };

export const MAX_SUGGESTIONS = 8;
/** Longer input is a search, not a name being typed. */
export const MAX_SUGGEST_CHARS = 100;

/** The prefix a reader typed, cleaned, or null when there is nothing to suggest for. */
export function suggestQuery(raw: unknown): string | null {
  const checked = normaliseSearchQuery(raw);
  if (!checked.ok || checked.query.length > MAX_SUGGEST_CHARS) return null;
  return checked.query.toLowerCase();
}

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Near misses are looked for from this many characters: one or two letters are a prefix, not a misspelling. */
const NEAR_MISS_FROM = 3;

/**
 * Titles and other names starting with `query` (titles first, shorter first), then those merely similar to it
 * (trigram similarity, best first; looked for only when nothing starts with `query`), one per article, at most
 * `limit`. Each part is capped before they are combined:
 * prefixes read a range of the byte-order indexes (migration 0006) in index order, near misses the trigram indexes.
 */
export function suggestionsQuery(query: string, limit = MAX_SUGGESTIONS): SQL {
  const prefix = likePrefix(query);
  const near = query.length >= NEAR_MISS_FROM;
  return sql`
    with prefix_titles as (
      select a.slug, a.title, null::text as matched, null::text as kind, 0 as tier, length(a.title) as len, 1.0::real as sim
        from articles a where lower(a.title) collate "C" like ${prefix}
        order by lower(a.title) collate "C" limit ${limit}::int
    ), prefix_aliases as (
      select a.slug, a.title, al.label as matched, al.term_type::text as kind, 1 as tier, length(al.label) as len, 1.0::real as sim
        from article_aliases al join articles a on a.id = al.article_id
        where al.kind = 'alias' and lower(al.label) collate "C" like ${prefix}
        order by lower(al.label) collate "C" limit ${limit}::int
    ), prefixes as (
      select slug from prefix_titles union select slug from prefix_aliases
    ), near_titles as (
      select a.slug, a.title, null::text as matched, null::text as kind, 2 as tier, length(a.title) as len, similarity(lower(a.title), ${query}) as sim
        from articles a where ${near} and not exists (select 1 from prefixes) and lower(a.title) % ${query}
        order by sim desc limit ${limit}::int
    ), near_aliases as (
      select a.slug, a.title, al.label as matched, al.term_type::text as kind, 3 as tier, length(al.label) as len, similarity(lower(al.label), ${query}) as sim
        from article_aliases al join articles a on a.id = al.article_id
        where ${near} and not exists (select 1 from prefixes) and al.kind = 'alias' and lower(al.label) % ${query}
        order by sim desc limit ${limit}::int
    ), candidates as (
      select * from prefix_titles union all select * from prefix_aliases union all select * from near_titles union all select * from near_aliases
    ), best as (
      select distinct on (slug) slug, title, matched, kind, tier, len, sim from candidates
      order by slug, tier, sim desc, len
    )
    select slug, title, matched, kind from best
    order by case when tier <= 1 then 0 else 1 end, case when tier <= 1 then 0 else -sim end, tier, len, title
    limit ${limit}::int`;
}

export async function suggestArticles(db: Db, query: string, limit = MAX_SUGGESTIONS): Promise<Suggestion[]> {
  const result = await db.execute(suggestionsQuery(query, limit));
  return rowsOf<{ slug: string; title: string; matched: string | null; kind: TermType | null }>(result).map(toSuggestion);
}

/**
 * What the header's type-ahead answers: prefixes from the in-memory index (lib/articles/suggest-index.ts), near
 * misses from the database (only when no name starts with `query`), everything from the database while the index
 * is first built.
 */
export async function suggest(db: Db, query: string, limit = MAX_SUGGESTIONS): Promise<Suggestion[]> {
  const index = await suggestIndex(db);
  if (!index) return suggestArticles(db, query, limit);
  const found = index.prefix(query, limit);
  return found.length > 0 || query.length < NEAR_MISS_FROM ? found : suggestArticles(db, query, limit);
}
