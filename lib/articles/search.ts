// Full-text search over title, aliases, summary and body, with typo tolerance on titles and aliases (pg_trgm).
import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../db/client";
import { escapeHtml } from "../html";

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

export type SearchHit = { slug: string; title: string; summary: string; snippetHtml: string; score: number };

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

export async function searchArticles(db: Db, query: string, limit = 20): Promise<SearchHit[]> {
  // ts_headline parses all the text it is given, about 0.8 ms per article here and most of a broad search's time:
  // give it 1,200 characters around the first place a searched word appears after the lead (which the summary shown
  // above the snippet already says), and nothing when none does.
  const probes = snippetProbes(query);
  const sections = sql`substr(a.body_text, regexp_instr(a.body_text, ${LEAD_END_PATTERN}) + 1)`;
  const firstMatch = probes.length
    ? sql`least(${sql.join(
        probes.map((p) => sql`nullif(strpos(lower(s.text), ${p}), 0)`),
        sql`, `,
      )})`
    : sql`null::integer`;
  const rows = rowsOf<{ slug: string; title: string; summary: string; headline: string | null; score: number | string }>(
    await db.execute(sql`
      with q as (select websearch_to_tsquery('english', ${query}) as tsq, lower(${query}) as term)
      select a.slug, a.title, a.summary,
        (select ts_headline('english', substr(s.text, greatest(1, m.at - 300), 1200), q.tsq, ${`StartSel=${START}, StopSel=${STOP}, MaxWords=28, MinWords=12, MaxFragments=1`})
           from (select ${sections} as text) s, lateral (select ${firstMatch} as at) m
          where m.at is not null) as headline,
        (ts_rank_cd(a.search_vector, q.tsq)
          + 2 * greatest(similarity(lower(a.title), q.term),
                         coalesce((select max(similarity(lower(al.label), q.term)) from article_aliases al where al.article_id = a.id), 0))) as score
      from articles a, q
      where a.search_vector @@ q.tsq
         or lower(a.title) % q.term
         or exists (select 1 from article_aliases al where al.article_id = a.id and lower(al.label) % q.term)
      order by score desc, a.title asc
      limit ${limit}
    `),
  );
  return rows.map((r) => ({ slug: r.slug, title: r.title, summary: r.summary, snippetHtml: snippetToHtml(r.headline ?? ""), score: Number(r.score) }));
}
