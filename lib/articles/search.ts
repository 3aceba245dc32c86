// Full-text search over title, aliases, summary and body, with typo tolerance on titles and aliases (pg_trgm).
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { unstable_cache } from "next/cache";
import { getDb, rowsOf, type Db } from "../db/client";
import type { TermType } from "../db/schema/articles";
import { env } from "../env";
import { escapeHtml } from "../html";
import { evidenceLevelOf, type EvidenceLevel } from "./evidence";
import { LISTINGS_TAG } from "./queries";

export const MAX_QUERY_CHARS = 200;

export type QueryCheck = { ok: true; query: string } | { ok: false; message: string };

/** Cleans a reader's query, or says in words why there is nothing to search for. */
export function normaliseSearchQuery(raw: unknown): QueryCheck {
  if (typeof raw !== "string" || raw.trim() === "") return { ok: false, message: "Type a word or phrase to search for." };
  const cleaned = raw
    .normalize("NFKC")
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (cleaned.length > MAX_QUERY_CHARS) return { ok: false, message: `That search is too long. Use at most ${MAX_QUERY_CHARS} characters.` };
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return { ok: false, message: "Search for words or names: punctuation alone matches nothing." };
  return { ok: true, query: cleaned };
}

export type SearchHit = {
  slug: string;
  title: string;
  summary: string;
  snippetHtml: string;
  score: number;
  /** The other name that matched when the title did not, with its kind (`kind`, null for none). */
  matched: string | null;
  kind: TermType | null;
  /** The badge of the article's stored evidence line (lib/articles/evidence.ts), read in the same query. */
  evidenceLevel?: EvidenceLevel | null;
};

const START = "\u0001";
const STOP = "\u0002";

/** ts_headline marks matches with control characters; everything else is escaped before <mark> goes in. */
export function highlightToHtml(headline: string): string {
  return escapeHtml(headline).replace(new RegExp(START, "g"), "<mark>").replace(new RegExp(STOP, "g"), "</mark>");
}

/**
 * A search result's snippet: empty when the fragment holds no match (the summary above it says enough); otherwise it
 * ends on a word, with an ellipsis unless a sentence ends there, and starts with one when it begins mid-sentence.
 */
export function snippetToHtml(headline: string): string {
  if (!headline.includes(START)) return "";
  let text = headline.replace(/\s+/g, " ").trim();
  const endsSentence = /[.!?]["”’)]*$/.test(text);
  if (!endsSentence) {
    // End on a word that carries meaning: no dangling "and", "the" or comma before the ellipsis.
    const dangling = /[\s,;:(\[{\-–—'"“‘]+$|\s(?:and|or|but|nor|so|the|a|an|of|to|in|on|at|by|for|with|from|as|that|which|who|is|are|was|were)$/iu;
    for (let i = 0; i < 6 && dangling.test(text); i++) text = text.replace(dangling, "");
    text = `${text}…`;
  }
  const first = text.replace(new RegExp(`^[${START}${STOP}"“‘(]+`), "").charAt(0);
  if (first && first === first.toLowerCase() && first !== first.toUpperCase()) text = `…${text}`;
  return highlightToHtml(text);
}

/** Lower-case beginnings (up to 6 letters, a rough stem) of up to three words a reader searched for, not excluded ones. */
export function snippetProbes(query: string): string[] {
  const probes: string[] = [];
  for (const token of query.toLowerCase().split(/\s+/)) {
    if (token.startsWith("-") || token === "or") continue; // websearch_to_tsquery's "not" and "or"
    for (const word of token.match(/[\p{L}\p{N}]+/gu) ?? []) {
      const probe = word.slice(0, 6);
      if (word.length >= 3 && !probes.includes(probe)) probes.push(probe);
    }
  }
  return probes.slice(0, 3);
}

/**
 * Where an article's lead ends in its plain text: the first heading, a short line with no sentence punctuation standing
 * alone between blank lines (the text joins blocks with blank lines). Without one, the whole text is searched.
 */
export const LEAD_END_PATTERN = "\n\n[^\n.!?]{1,120}\n\n";

/** Results per page. */
export const SEARCH_PAGE_SIZE = 20;
/**
 * The most results one search ranks: each source of candidates (title and summary words, near-miss titles and other
 * names, body words) gives at most this many by a cheap score, and only the best this many overall get the full rank.
 */
export const SEARCH_CANDIDATES = 200;
export const MAX_SEARCH_PAGE = SEARCH_CANDIDATES / SEARCH_PAGE_SIZE;
/** How many of the candidates, best first by the cheap score, are ranked on their whole text (the first three pages). */
export const FULL_RANK = 60;
/**
 * Near misses (a misspelt title or other name, by trigram similarity) are looked for only when fewer than this many
 * articles have the searched words in their title, other names or summary: a word that is found needs no correction,
 * and at 100k articles the trigram lookups are the costliest part of a search.
 */
export const NEAR_MISSES_BELOW = 5;
export const NEAR_MISS_MAX_CHARS = 30;

export type SearchResults = {
  hits: SearchHit[];
  page: number;
  /** How many results were ranked (at most SEARCH_CANDIDATES; `capped` when there were more to choose from). */
  total: number;
  capped: boolean;
  hasMore: boolean;
};

/**
 * One search, bounded at any size: candidates come from capped index lookups (the best few per word of titles and other
 * names, any matches of the short title/summary vector, trigram near misses of titles and other names, any body
 * matches), and only the best
 * SEARCH_CANDIDATES are ranked on the full text; snippets are made only for the page shown. Apart from searchPage so
 * that the query plans (scripts/bench/explain.ts) show exactly what runs.
 */
export function searchQuery(query: string, page = 1, perPage = SEARCH_PAGE_SIZE): SQL {
  const tsq = sql`websearch_to_tsquery('english', ${query})`;
  // The same words in any order: a "quoted phrase" makes the index recheck every article holding its words (reading
  // each one's whole vector, a second for two common words); body candidates are found without the order, and the
  // phrase is then held to on the few candidates only (the full rank below).
  const anyOrder = sql`regexp_replace(websearch_to_tsquery('english', ${query})::text, '<[0-9]*->|<[0-9]+>', '&', 'g')::tsquery`;
  const term = query.toLowerCase();
  // A misspelling is looked for in a name, not in a sentence: a query of several words shares trigrams with thousands of
  // names (30 ms at 100k), so for those only when nothing at all was found.
  const words = term.split(" ").length;
  const nearMisses =
    term.length > NEAR_MISS_MAX_CHARS || words > 3
      ? sql`false`
      : words === 1
        ? sql`(select n from head_count) < ${NEAR_MISSES_BELOW}`
        : sql`(select n from head_count) = 0`;
  const n = SEARCH_CANDIDATES;
  // ts_headline parses all the text it is given, about 0.8 ms per article here: give it 800 characters around the first
  // place a searched word appears after the lead (which the summary shown above the snippet already says), and nothing
  // when none does.
  const probes = snippetProbes(query);
  // Where the sections start: stored at publication (lead_end), or found by the heading pattern in older rows.
  const sections = sql`substr(p.body_text, coalesce(p.lead_end, regexp_instr(p.body_text, ${LEAD_END_PATTERN})) + 1)`;
  const firstMatch = probes.length
    ? sql`least(${sql.join(
        probes.map((p) => sql`nullif(strpos(lower(s.text), ${p}), 0)`),
        sql`, `,
      )})`
    : sql`null::integer`;
  const offset = (page - 1) * perPage;
  return sql`
      with words as (
        select unnest(tsvector_to_array(to_tsvector('english', ${query}))) as lexeme
      ), head_found as (
        -- The best few articles for each searched word in titles and other names (article_terms, best first), and any
        -- others whose title, other names or summary hold the words (their order is the index's): never every match.
        select best.article_id as id from words w, lateral (
          select t.article_id from article_terms t where t.lexeme = w.lexeme order by t.score desc limit ${n}
        ) best
        union
        (select a.id from articles a where a.head_vector @@ ${tsq} limit ${n})
      ), head as (
        -- The cheap score: how well the short vector matches (normalised to 0–1), plus the searched words' worth in the
        -- title or other names (article_terms: 2 for a one-word title, less in longer ones).
        select a.id, 1 + 2 * ts_rank_cd(a.head_vector, ${tsq}, 32)
                 + coalesce((select sum(t.score) from article_terms t where t.article_id = a.id and t.lexeme in (select lexeme from words)), 0) as cheap
          from head_found h join articles a on a.id = h.id
         where a.head_vector @@ ${tsq} order by cheap desc limit ${n}
      ), head_count as (
        select count(*) as n from head
      ), near_title as (
        select a.id, 2 * similarity(lower(a.title), ${term}) as cheap from articles a
         where ${nearMisses} and lower(a.title) % ${term} order by cheap desc limit 50
      ), near_alias as (
        select al.article_id as id, 2 * max(similarity(lower(al.label), ${term})) as cheap from article_aliases al
         where ${nearMisses} and lower(al.label) % ${term}
         group by al.article_id order by cheap desc limit 50
      ), body as (
        -- Articles that hold the words only in their text, when titles and summaries did not fill the candidates (the
        -- whole-text index reads every article of a common word's list before it can give the first).
        select a.id, 0::real as cheap from articles a
         where (select n from head_count) < ${n} and a.search_vector @@ ${anyOrder} limit ${n + 1}
      ), found as (
        select id, sum(cheap) as cheap from (
          select * from head union all select * from near_title union all select * from near_alias union all select * from body
        ) c group by id
      ), cand as (
        select id, cheap, row_number() over (order by cheap desc) as place from found order by cheap desc limit ${n}
      ), ranked as (
        -- The full rank, on the candidates only: the whole text's words (for the best FULL_RANK by the cheap score: it
        -- reads each article's whole vector), and how close the title or another name is to what was typed (an exact
        -- title scores 2 more).
        select a.id, a.slug, a.title, a.summary,
               c.cheap + case when c.place <= ${FULL_RANK} then ts_rank_cd(a.search_vector, ${tsq}, 32) else 0 end
                 + 2 * greatest(similarity(lower(a.title), ${term}),
                                coalesce((select max(similarity(lower(al.label), ${term})) from article_aliases al where al.article_id = a.id), 0)) as score
          from cand c join articles a on a.id = c.id
         where c.cheap > 0 or a.search_vector @@ ${tsq}
      ), shown as (
        select r.*, a.body_text, a.lead_end, a.evidence->>'level' as evidence_level from ranked r join articles a on a.id = r.id
         order by r.score desc, r.title asc limit ${perPage} offset ${offset}
      )
      select p.slug, p.title, p.summary, p.score, p.evidence_level, t.total, t.capped, ma.matched, ma.kind,
        (select ts_headline('english', substr(s.text, greatest(1, m.at - 200), 800), ${tsq}, ${`StartSel=${START}, StopSel=${STOP}, MaxWords=28, MinWords=12, MaxFragments=1`})
           from (select ${sections} as text) s, lateral (select ${firstMatch} as at) m
          where m.at is not null) as headline
      from (select (select count(*) from cand) as total, ((select count(*) from found) > ${n} or (select n from head_count) >= ${n}) as capped) t
      left join shown p on true
      -- The other name that matched, for a result whose title did not: read by article (article_aliases_article_idx),
      -- for the page shown only; its kind comes with it.
      left join lateral (
        select al.label as matched, al.term_type::text as kind from article_aliases al
         where al.article_id = p.id and al.kind = 'alias' and not (to_tsvector('english', p.title) @@ ${tsq})
           and (to_tsvector('english', al.label) @@ ${tsq} or lower(al.label) % ${term})
         order by similarity(lower(al.label), ${term}) desc, al.label limit 1
      ) ma on true
      order by p.score desc nulls last, p.title asc
    `;
}

/**
 * Runs a search query as the app does (searchPage, and the benchmark's EXPLAIN): every part of it reads an index by
 * design, and at 100k articles the planner would otherwise scan the table for a "first 200 body matches" of a word it
 * thinks common, testing each row's whole vector (50 ms for "felt security").
 */
export function runOnIndexes(db: Db, query: SQL) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    return tx.execute(query);
  });
}

export async function searchPage(db: Db, query: string, page = 1, perPage = SEARCH_PAGE_SIZE): Promise<SearchResults> {
  const offset = (page - 1) * perPage;
  // One row per result shown, or one row of nulls but the counts when this page is past the last.
  const rows = rowsOf<{
    slug: string | null;
    title: string;
    summary: string;
    headline: string | null;
    evidence_level: string | null;
    score: number | string;
    total: number | string;
    capped: boolean;
    matched: string | null;
    kind: TermType | null;
  }>(await runOnIndexes(db, searchQuery(query, page, perPage)));
  const total = Number(rows[0]?.total ?? 0);
  return {
    hits: rows.flatMap((r) =>
      r.slug === null
        ? []
        : [
            {
              slug: r.slug,
              title: r.title,
              summary: r.summary,
              snippetHtml: snippetToHtml(r.headline ?? ""),
              score: Number(r.score),
              matched: r.matched ?? null,
              kind: r.matched ? (r.kind ?? null) : null,
              evidenceLevel: evidenceLevelOf(r.evidence_level),
            },
          ],
    ),
    page,
    total,
    capped: Boolean(rows[0]?.capped),
    hasMore: offset + perPage < total,
  };
}

/** The first page of results (tests and callers that need only the hits). */
export async function searchArticles(db: Db, query: string, limit = SEARCH_PAGE_SIZE): Promise<SearchHit[]> {
  return (await searchPage(db, query, 1, limit)).hits;
}

// A burst of the same search in one instance waits for one database query (instances share the cache through Redis).
const inFlight = new Map<string, Promise<SearchResults>>();

/**
 * A page of results as readers get it: kept for SEARCH_CACHE_SECONDS under the listings tag, which every approval
 * expires at once (lib/moderation/cache.ts), so a newly approved title is found on the next search.
 */
export function cachedSearch(query: string, page = 1): Promise<SearchResults> {
  const seconds = env().SEARCH_CACHE_SECONDS;
  const run = () => searchPage(getDb(), query, page);
  if (seconds === 0) return run();
  const key = `${page}\u0000${query}`;
  const pending = inFlight.get(key);
  if (pending) return pending;
  const promise = unstable_cache(run, ["search", String(page), query], { tags: [LISTINGS_TAG], revalidate: seconds })().finally(() => inFlight.delete(key));
  inFlight.set(key, promise);
  return promise;
}
