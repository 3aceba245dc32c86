// The type-ahead's own index: every title and other name of every article, lower-cased and sorted, held in memory by
// each instance, so a prefix is two binary searches and no database round trip (issue 13: p99 < 20 ms at 100k).
// It answers exactly as the prefix part of suggestionsQuery (lib/articles/suggest.ts) does; near misses (no name
// starts with what was typed) still go to the trigram indexes.
//
// Kept fresh from articles.updated_at (indexed), which every publish sets in the transaction that changes names:
// an instance looks for changed articles at most once a second while it is asked for suggestions, and at once on the
// next request after an approval on the same instance (markSuggestIndexStale). A delta re-reads the names of the
// articles changed since the last look (by the database's clock), less an overlap that covers transactions committed
// late; each change is applied once.
import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../db/client";
import { termTypes, type TermType } from "../db/schema/articles";
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
type NameRow = { id: number; slug: string; title: string; label: string | null; term_type: TermType | null };
type Candidate = { entry: Entry; tier: number; len: number };

/** How often an instance looks for articles changed elsewhere, at most. */
export const SUGGEST_REFRESH_MS = 1000;
/** Changes are looked for from this long before the last look (by the database's clock): a transaction sets
 * updated_at before it commits, and may commit after a later one. */
const OVERLAP_MS = 10_000;
/** More changed articles than this since the index was built: build it again (in the background). */
const MAX_OVERLAY = 2000;

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byKey = (a: Entry, b: Entry) => compareKeys(a.key, b.key) || a.articleId - b.articleId;

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
  return { titles: titles.sort(byKey), aliases: aliases.sort(byKey) };
}

/** Strings packed end to end with their offsets: one heap object for many thousands of names (little for the GC to mark). */
class Packed {
  private readonly text: string;
  private readonly start: Int32Array;
  constructor(parts: string[]) {
    this.text = parts.join("");
    this.start = new Int32Array(parts.length + 1);
    for (let i = 0, at = 0; i < parts.length; i++) this.start[i + 1] = at += (parts[i] ?? "").length;
  }
  at(i: number): string {
    return this.text.slice(this.start[i], this.start[i + 1]);
  }
  /** How the i-th string compares with `s` (code unit order, as JavaScript's < and "C" collation by code point). */
  compare(i: number, s: string): number {
    const from = this.start[i] ?? 0;
    const length = (this.start[i + 1] ?? 0) - from;
    for (let k = 0; k < length && k < s.length; k++) {
      const d = this.text.charCodeAt(from + k) - s.charCodeAt(k);
      if (d !== 0) return d;
    }
    return length - s.length;
  }
  startsWith(i: number, prefix: string): boolean {
    const from = this.start[i] ?? 0;
    return (this.start[i + 1] ?? 0) - from >= prefix.length && this.text.startsWith(prefix, from);
  }
  /** The first position whose string is not below `s`. */
  lowerBound(s: string, count: number): number {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(mid, s) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const KINDS: (TermType | null)[] = [null, ...termTypes];

/** One sorted list of names (titles, or other names), packed: its keys, the names as written, kinds and articles. */
class NameList {
  readonly count: number;
  private readonly keys: Packed;
  private readonly names: Packed;
  private readonly kinds: Uint8Array;
  private readonly articles: Int32Array;
  constructor(entries: Entry[], ordinal: Map<number, number>) {
    this.count = entries.length;
    this.keys = new Packed(entries.map((e) => e.key));
    this.names = new Packed(entries.map((e) => e.matched ?? ""));
    this.kinds = Uint8Array.from(entries.map((e) => Math.max(0, KINDS.indexOf(e.kind))));
    this.articles = Int32Array.from(entries.map((e) => ordinal.get(e.articleId) ?? 0));
  }
  /** Up to `limit` entries starting with `prefix`, in key order, skipping articles in `skip`. */
  take(prefix: string, limit: number, table: ArticleTable, skip: Set<number>, named: boolean): Entry[] {
    const found: Entry[] = [];
    for (let i = this.keys.lowerBound(prefix, this.count); i < this.count && found.length < limit && this.keys.startsWith(i, prefix); i++) {
      const a = this.articles[i] ?? 0;
      const articleId = table.id(a);
      if (skip.has(articleId)) continue;
      const matched = named ? this.names.at(i) : null;
      found.push({ key: this.keys.at(i), articleId, slug: table.slug(a), title: table.title(a), matched, kind: KINDS[this.kinds[i] ?? 0] ?? null });
    }
    return found;
  }
}

/** The articles the lists point at, by position. */
class ArticleTable {
  private readonly ids: Int32Array;
  private readonly slugs: Packed;
  private readonly titles: Packed;
  constructor(titles: Entry[]) {
    this.ids = Int32Array.from(titles.map((e) => e.articleId));
    this.slugs = new Packed(titles.map((e) => e.slug));
    this.titles = new Packed(titles.map((e) => e.title));
  }
  id = (i: number) => this.ids[i] ?? 0;
  slug = (i: number) => this.slugs.at(i);
  title = (i: number) => this.titles.at(i);
}

const firstByKey = (a: Entry[], b: Entry[], limit: number) => [...a, ...b].sort(byKey).slice(0, limit);
const startingWith = (entries: Entry[], prefix: string, limit: number) => entries.filter((e) => e.key.startsWith(prefix)).slice(0, limit);

export class SuggestIndex {
  private readonly table: ArticleTable;
  private readonly baseTitles: NameList;
  private readonly baseAliases: NameList;
  /** Articles changed since the base was built: left out of it, and held here as they are now. */
  private readonly changed = new Set<number>();
  private overlay: { titles: Entry[]; aliases: Entry[] } = { titles: [], aliases: [] };

  constructor(rows: NameRow[]) {
    const { titles, aliases } = entriesOf(rows);
    this.table = new ArticleTable(titles);
    const ordinal = new Map(titles.map((e, i) => [e.articleId, i]));
    this.baseTitles = new NameList(titles, ordinal);
    this.baseAliases = new NameList(aliases, ordinal);
  }

  /** How many articles changed since the base was built. */
  get changes() {
    return this.changed.size;
  }

  /** Replaces the names of the articles in `ids` with those in `rows` (an id without rows is gone). */
  replace(ids: number[], rows: NameRow[]) {
    const replaced = new Set(ids);
    for (const id of ids) this.changed.add(id);
    const fresh = entriesOf(rows);
    const merge = (old: Entry[], added: Entry[]) => [...old.filter((e) => !replaced.has(e.articleId)), ...added].sort(byKey);
    this.overlay = { titles: merge(this.overlay.titles, fresh.titles), aliases: merge(this.overlay.aliases, fresh.aliases) };
  }

  /**
   * The prefix answer of suggestionsQuery: at most `limit` titles and `limit` other names starting with `query` (in
   * key order), one per article (its title if both match, else its shortest matching name), titles first, then
   * shorter first, then by title.
   */
  prefix(query: string, limit: number): Suggestion[] {
    const titles = firstByKey(this.baseTitles.take(query, limit, this.table, this.changed, false), startingWith(this.overlay.titles, query, limit), limit);
    const aliases = firstByKey(this.baseAliases.take(query, limit, this.table, this.changed, true), startingWith(this.overlay.aliases, query, limit), limit);
    const best = new Map<string, Candidate>();
    for (const c of [...titles.map((entry) => ({ entry, tier: 0 })), ...aliases.map((entry) => ({ entry, tier: 1 }))]) {
      const candidate = { ...c, len: (c.entry.matched ?? c.entry.title).length };
      const held = best.get(c.entry.slug);
      if (!held || candidate.tier < held.tier || (candidate.tier === held.tier && candidate.len < held.len)) best.set(c.entry.slug, candidate);
    }
    return [...best.values()]
      .sort((a, b) => a.tier - b.tier || a.len - b.len || compareKeys(a.entry.title, b.entry.title))
      .slice(0, limit)
      .map((c) => toSuggestion(c.entry));
  }
}

const namesQuery = (where = sql`true`) => sql`
  select a.id, a.slug, a.title, al.label, al.term_type::text as term_type
    from articles a left join article_aliases al on al.article_id = a.id and al.kind = 'alias'
   where ${where}`;

/** The database's clock, in milliseconds (updated_at is set by it too, at the start of the publishing transaction). */
const dbNow = async (db: Db) => Number(rowsOf<{ now: number | string }>(await db.execute(sql`select extract(epoch from now()) * 1000 as now`))[0]?.now);

/**
 * `since`: changes are looked for after this time (the database's clock, less the overlap). `seen`: the updated_at of
 * each article already applied within the overlap, so it is not applied again.
 */
type State = { db: Db; index: SuggestIndex; since: number; seen: Map<number, number>; checkedAt: number; stale: boolean };
let state: State | null = null;
let building: Promise<void> | null = null;
let refreshing: Promise<void> | null = null;

const startBuild = (db: Db) => (building ??= build(db).finally(() => (building = null)));
const failed = (what: string) => (error: unknown) => console.error(`Type-ahead index: ${what} failed (${(error as Error)?.message ?? error}).`);

async function build(db: Db) {
  const now = await dbNow(db);
  const rows = rowsOf<NameRow>(await db.execute(namesQuery()));
  state = { db, index: new SuggestIndex(rows), since: now - OVERLAP_MS, seen: new Map(), checkedAt: Date.now(), stale: false };
}

async function refresh(current: State) {
  current.checkedAt = Date.now();
  current.stale = false;
  // One round trip: the database's clock, and the articles changed since the last look (none: one row of nulls).
  const rows = rowsOf<{ now: number | string; id: number | null; at: number | string | null }>(
    await current.db.execute(sql`
      select extract(epoch from now()) * 1000 as now, c.id, c.at from (select 1) one left join lateral (
        select id, extract(epoch from updated_at) * 1000 as at from articles
         where updated_at > ${new Date(current.since).toISOString()}::timestamptz order by updated_at limit ${MAX_OVERLAY + 1}
      ) c on true`),
  );
  const now = Number(rows[0]?.now);
  const changed = rows.flatMap((r) => (r.id === null ? [] : [{ id: Number(r.id), at: Number(r.at) }])).filter((r) => current.seen.get(r.id) !== r.at);
  current.since = now - OVERLAP_MS;
  for (const [id, at] of current.seen) if (at <= current.since) current.seen.delete(id);
  if (changed.length === 0) return;
  if (current.index.changes + changed.length > MAX_OVERLAY) return build(current.db);
  const ids = changed.map((r) => r.id);
  const names = rowsOf<NameRow>(await current.db.execute(namesQuery(sql`a.id in ${sql.raw(`(${ids.join(",")})`)}`)));
  current.index.replace(ids, names);
  for (const r of changed) current.seen.set(r.id, r.at);
}

/**
 * The index for `db`, or null while it is first being built (the caller then asks the database). After an approval
 * on this instance, the next call waits for the changed names; otherwise changes elsewhere are picked up in the
 * background, at most SUGGEST_REFRESH_MS apart.
 */
export async function suggestIndex(db: Db): Promise<SuggestIndex | null> {
  if (!state || state.db !== db) {
    startBuild(db).catch(failed("reading the names"));
    return null;
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

/** The index as it is now, built if needed (tests). */
export async function loadedSuggestIndex(db: Db): Promise<SuggestIndex> {
  if (!state || state.db !== db) await startBuild(db);
  const index = await suggestIndex(db);
  if (!index) throw new Error("Type-ahead index: built for another database meanwhile.");
  return index;
}
