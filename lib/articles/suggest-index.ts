// The type-ahead's own index: every title and other name of every article, lower-cased and sorted, held in memory by
// each instance, so a prefix is two binary searches and no database round trip (issue 13: p99 < 20 ms at 100k).
// It answers exactly as the prefix part of suggestionsQuery (lib/articles/suggest.ts) does; near misses (no name
// starts with what was typed) still go to the trigram indexes.
//
// Kept fresh from articles.updated_at (indexed), which every publish sets in the transaction that changes names:
// an instance looks for changed articles at most once a second while it is asked for suggestions, and at once on the
// next request after an approval on the same instance (markSuggestIndexStale). A delta re-reads the names of the
// articles changed since the newest change seen, less an overlap that covers transactions committed late.
import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../db/client";
import type { TermType } from "../db/schema/articles";
import { otherNameLabel } from "./fields";

/** One suggestion: the article, and the other name that matched when it was not the title, with its kind. */
export type Suggestion = {
  slug: string;
  title: string;
  matched: string | null;
  kind: TermType | null;
  /** What the search box shows: the title, or "Love Bombing — popular term: lovebombing" when another name matched. */
  shown: string;
};

export function toSuggestion(r: { slug: string; title: string; matched: string | null; kind: TermType | null }): Suggestion {
  const kind = r.matched ? (r.kind ?? null) : null;
  return { slug: r.slug, title: r.title, matched: r.matched, kind, shown: r.matched ? `${r.title} — ${otherNameLabel(r.matched, kind)}` : r.title };
}

type Entry = { key: string; articleId: number; slug: string; title: string; matched: string | null; kind: TermType | null };
type NameRow = { id: number; slug: string; title: string; updated_at: string | Date; label: string | null; term_type: TermType | null };

/** How often an instance looks for articles changed elsewhere, at most. */
export const SUGGEST_REFRESH_MS = 1000;
/** Changes are re-read from this long before the newest one seen: a transaction may commit after a later one. */
const OVERLAP_MS = 30_000;
/** More changed articles than this at once (a bulk load): read everything again instead. */
const MAX_DELTA = 2000;

const byKey = (a: Entry, b: Entry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.articleId - b.articleId);

/** The first position whose key is not below `key` (keys compare by UTF-16 units, as "C" collation by code point). */
function lowerBound(entries: Entry[], key: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid]?.key ?? "") < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function entriesOf(rows: NameRow[]): { titles: Entry[]; aliases: Entry[] } {
  const titles: Entry[] = [];
  const aliases: Entry[] = [];
  const seen = new Set<number>();
  for (const r of rows) {
    if (!seen.has(r.id)) {
      seen.add(r.id);
      titles.push({ key: r.title.toLowerCase(), articleId: r.id, slug: r.slug, title: r.title, matched: null, kind: null });
    }
    if (r.label !== null) aliases.push({ key: r.label.toLowerCase(), articleId: r.id, slug: r.slug, title: r.title, matched: r.label, kind: r.term_type });
  }
  return { titles, aliases };
}

export class SuggestIndex {
  private titles: Entry[] = [];
  private aliases: Entry[] = [];

  constructor(rows: NameRow[]) {
    const { titles, aliases } = entriesOf(rows);
    this.titles = titles.sort(byKey);
    this.aliases = aliases.sort(byKey);
  }

  get size() {
    return this.titles.length + this.aliases.length;
  }

  /** Replaces the names of the articles in `ids` with those in `rows` (an id without rows is gone). */
  replace(ids: Set<number>, rows: NameRow[]) {
    const fresh = entriesOf(rows);
    const merge = (old: Entry[], added: Entry[]) => [...old.filter((e) => !ids.has(e.articleId)), ...added].sort(byKey);
    this.titles = merge(this.titles, fresh.titles);
    this.aliases = merge(this.aliases, fresh.aliases);
  }

  /**
   * The prefix answer of suggestionsQuery: at most `limit` titles and `limit` other names starting with `query` (in
   * key order), one per article (its title if both match, else its shortest matching name), titles first, then
   * shorter first, then by title.
   */
  prefix(query: string, limit: number): Suggestion[] {
    const take = (entries: Entry[], tier: number) => {
      const found: { entry: Entry; tier: number; len: number }[] = [];
      for (let i = lowerBound(entries, query); found.length < limit; i++) {
        const entry = entries[i];
        if (!entry?.key.startsWith(query)) break;
        found.push({ entry, tier, len: (entry.matched ?? entry.title).length });
      }
      return found;
    };
    const best = new Map<string, { entry: Entry; tier: number; len: number }>();
    for (const c of [...take(this.titles, 0), ...take(this.aliases, 1)]) {
      const held = best.get(c.entry.slug);
      if (!held || c.tier < held.tier || (c.tier === held.tier && c.len < held.len)) best.set(c.entry.slug, c);
    }
    return [...best.values()]
      .sort((a, b) => a.tier - b.tier || a.len - b.len || (a.entry.title < b.entry.title ? -1 : a.entry.title > b.entry.title ? 1 : 0))
      .slice(0, limit)
      .map((c) => toSuggestion(c.entry));
  }
}

const namesQuery = (where = sql`true`) => sql`
  select a.id, a.slug, a.title, a.updated_at, al.label, al.term_type::text as term_type
    from articles a left join article_aliases al on al.article_id = a.id and al.kind = 'alias'
   where ${where}`;

const newest = (rows: NameRow[], floor: number) => rows.reduce((max, r) => Math.max(max, new Date(r.updated_at).getTime()), floor);

type State = { db: Db; index: SuggestIndex; watermark: number; checkedAt: number; stale: boolean };
let state: State | null = null;
let building: Promise<void> | null = null;
let refreshing: Promise<void> | null = null;

const startBuild = (db: Db) => (building ??= build(db).finally(() => (building = null)));
const failed = (what: string) => (error: unknown) => console.error(`Type-ahead index: ${what} failed (${(error as Error)?.message ?? error}).`);

async function build(db: Db) {
  const rows = rowsOf<NameRow>(await db.execute(namesQuery()));
  state = { db, index: new SuggestIndex(rows), watermark: newest(rows, 0), checkedAt: Date.now(), stale: false };
}

async function refresh(current: State) {
  current.checkedAt = Date.now();
  current.stale = false;
  const since = new Date(current.watermark - OVERLAP_MS).toISOString();
  const changed = rowsOf<{ id: number }>(
    await current.db.execute(sql`select id from articles where updated_at > ${since}::timestamptz order by updated_at limit ${MAX_DELTA + 1}`),
  );
  if (changed.length > MAX_DELTA) return build(current.db);
  if (changed.length === 0) return;
  const ids = changed.map((r) => r.id);
  const rows = rowsOf<NameRow>(await current.db.execute(namesQuery(sql`a.id in ${sql.raw(`(${ids.map(Number).join(",")})`)}`)));
  current.index.replace(new Set(ids), rows);
  current.watermark = newest(rows, current.watermark);
}

/**
 * The index for `db`, or null while it is first being built (the caller then asks the database). After an approval
 * on this instance, the next call waits for the changed names; otherwise changes elsewhere are picked up in the
 * background, at most SUGGEST_REFRESH_MS apart.
 */
export async function suggestIndex(db: Db): Promise<SuggestIndex | null> {
  if (!state || state.db !== db) {
    startBuild(db).catch(failed("reading the names"));
    if (!state || state.db !== db) return null;
  }
  const current = state;
  if (current.stale || Date.now() - current.checkedAt >= SUGGEST_REFRESH_MS) {
    const stale = current.stale;
    refreshing ??= refresh(current)
      .catch(failed("looking for changed articles"))
      .finally(() => (refreshing = null));
    if (stale) await refreshing;
  }
  return state.db === db ? state.index : current.index;
}

/** An approval, revert or new article on this instance: the next suggestion waits for the changed names. */
export function markSuggestIndexStale() {
  if (state) state.stale = true;
}

/** The index as it is now, built if needed (tests and the benchmark's warm-up). */
export async function loadedSuggestIndex(db: Db): Promise<SuggestIndex> {
  if (!state || state.db !== db) await startBuild(db);
  const index = await suggestIndex(db);
  if (!index) throw new Error("Type-ahead index: built for another database meanwhile.");
  return index;
}
