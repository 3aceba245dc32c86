// The moderator's diff, built from the parsed article rather than from its text lines: each front-matter field
// compared as what it is (one comparer per field kind, chosen by the declarations in lib/articles/fields.ts), and
// the prose compared section by section, paragraph by paragraph, with word changes grouped into runs so that a
// rewritten clause reads as one deletion and one insertion. The moderation page, a contributor's own proposal page
// and history's "compare two revisions" all show this model; the raw-source diff (diff.ts) stays one click away.
import { diffArrays, diffWordsWithSpace } from "diff";
import { countCitationsNeeded } from "../articles/citations";
import {
  articleFields,
  fieldKeys,
  mediaGroups,
  sourcePartKeys,
  type ArticleMeta,
  type FieldKey,
  type FieldKind,
  type MediaGroup,
  type OtherName,
} from "../articles/fields";
import type { TermType } from "../db/schema/articles";
import { joinSections, splitSections, type Block, type Section } from "../articles/sections";
import { normaliseSource, parseArticleSource, type ArticleSource } from "../articles/source";
import { env } from "../env";
import { changeSize, compareSources, wordCount, type DiffPart, type TextDiff } from "./diff";

// ---------------------------------------------------------------- word runs

/**
 * Word changes grouped into runs: a short stretch left unchanged between two changes (whitespace or punctuation,
 * or at most two words and no more than the larger change beside it) is folded into them, so a rewritten clause reads
 * as one deletion followed by one insertion rather than alternating single words. Every removed text comes before
 * the added text of its run. Joining the same + added parts gives the new text back; same + removed, the old.
 */
export function groupRuns(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let removed = "";
  let added = "";
  let open = false;
  const close = () => {
    if (removed) out.push({ kind: "removed", text: removed });
    if (added) out.push({ kind: "added", text: added });
    removed = "";
    added = "";
    open = false;
  };
  const changeWords = (from: number) => {
    let n = 0;
    for (let j = from; j < parts.length && parts[j]?.kind !== "same"; j++) n = Math.max(n, wordCount(parts[j]?.text ?? ""));
    return n;
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) continue;
    if (part.kind === "same") {
      const next = parts[i + 1];
      const words = wordCount(part.text);
      const small = words === 0 || (words <= 2 && words <= Math.max(wordCount(removed), wordCount(added), changeWords(i + 1)));
      if (open && next && next.kind !== "same" && small) {
        removed += part.text;
        added += part.text;
        continue;
      }
      close();
      out.push({ ...part });
      continue;
    }
    open = true;
    if (part.kind === "removed") removed += part.text;
    else added += part.text;
  }
  close();
  // Adjacent "same" parts (left where a run closed) are merged for a tidy display.
  return out.reduce<DiffPart[]>((acc, p) => {
    const last = acc[acc.length - 1];
    if (last && last.kind === p.kind && p.kind === "same") last.text += p.text;
    else acc.push(p);
    return acc;
  }, []);
}

/** Word runs between two short texts (field values, one paragraph), within the remaining budget. */
function wordRuns(before: string, after: string, budget: Budget): { runs: DiffPart[]; whole: boolean } {
  if (before === after) return { runs: [{ kind: "same", text: after }], whole: false };
  const left = budget.left();
  const changes = left > 0 ? diffWordsWithSpace(before, after, { timeout: Math.max(1, Math.round(left)) }) : undefined;
  if (!changes) {
    budget.exhausted = true;
    return {
      runs: [...(before ? [{ kind: "removed" as const, text: before }] : []), ...(after ? [{ kind: "added" as const, text: after }] : [])],
      whole: true,
    };
  }
  return { runs: groupRuns(changes.map((c) => ({ kind: c.added ? "added" : c.removed ? "removed" : "same", text: c.value }))), whole: false };
}

type Budget = { left: () => number; exhausted: boolean };
const budgetOf = (ms: number): Budget => {
  const deadline = performance.now() + ms;
  return { left: () => deadline - performance.now(), exhausted: false };
};

// ---------------------------------------------------------------- fields (one comparer per kind)

type Of<K extends FieldKey> = ArticleMeta[K];
type InfoRow = { label: string; value: string };
type Figure = NonNullable<Of<"figure">>;
type Citation = Of<"sources">[number];
type MediaEntry = { group: MediaGroup; title: string; year?: number; years?: string; note?: string };

/** `value`: the field as the new version has it (undefined when left out), so the diff alone rebuilds the article. */
type Common<K extends FieldKind> = { kind: K; key: FieldKey; label: string; entry: readonly [string, string] | undefined; value: unknown };
export type FieldChange =
  | (Common<"text"> & { before: string; after: string; runs: DiffPart[] })
  | (Common<"chips"> & { added: string[]; removed: string[]; reordered: boolean; before: string[]; after: string[] })
  | (Common<"terms"> & {
      added: OtherName[];
      removed: OtherName[];
      /** The same name (ignoring case) with another kind, or none: "lovebombing: popular term → slang". */
      retyped: { name: string; before?: TermType; after?: TermType }[];
      reordered: boolean;
      after: OtherName[];
    })
  | (Common<"flag"> & { before: boolean; after: boolean })
  | (Common<"rows"> & {
      added: InfoRow[];
      removed: InfoRow[];
      changed: { label: string; before: string; after: string; runs: DiffPart[] }[];
      reordered: boolean;
      after: InfoRow[];
    })
  | (Common<"figure"> & { before: Figure | undefined; after: Figure | undefined; srcChanged: boolean; alt: DiffPart[] | null; caption: DiffPart[] | null })
  | (Common<"media"> & { added: MediaEntry[]; removed: MediaEntry[]; changed: { before: MediaEntry; after: MediaEntry }[]; after: Of<"media"> })
  | (Common<"sources"> & {
      added: Citation[];
      removed: Citation[];
      changed: { before: Citation; after: Citation; fields: (keyof Citation)[] }[];
      reordered: boolean;
      after: Citation[];
    });

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const common = <K extends FieldKind>(kind: K, key: FieldKey, after: ArticleMeta): Common<K> => {
  const d = articleFields[key];
  return { kind, key, label: d.label, entry: "entry" in d ? d.entry : undefined, value: after[key] };
};

/** Items of two lists matched by `keyOf` (first match wins; an item without a key never matches). */
function matchBy<T>(before: T[], after: T[], keyOf: (item: T) => string | null): { pairs: [T, T][]; removed: T[]; added: T[] } {
  const pool = new Map<string, T[]>();
  for (const item of before) {
    const k = keyOf(item);
    if (k) pool.set(k, [...(pool.get(k) ?? []), item]);
  }
  const pairs: [T, T][] = [];
  const added: T[] = [];
  const taken = new Set<T>();
  for (const item of after) {
    const k = keyOf(item);
    const match = k ? pool.get(k)?.find((b) => !taken.has(b)) : undefined;
    if (match) {
      taken.add(match);
      pairs.push([match, item]);
    } else added.push(item);
  }
  return { pairs, added, removed: before.filter((b) => !taken.has(b)) };
}

/** Whether the matched items keep their relative order. */
const reorderedPairs = <T>(before: T[], pairs: [T, T][]) => pairs.some(([b], i) => i > 0 && before.indexOf(b) < before.indexOf(pairs[i - 1]?.[0] as T));

const norm = (s: string | number | undefined) =>
  String(s ?? "")
    .toLowerCase()
    .replace(/\W+/g, " ")
    .trim();

/**
 * A source is the same source in both versions when its citation key matches, else its DOI, else its address, else its author, year and
 * title; of those left, one with the same author and year is that source with its title corrected (shown changed,
 * not removed and added).
 * A source whose key changed is still matched by what follows, so it shows as a change of that source.
 */
export const citationKeys: ((s: Citation) => string | null)[] = [
  (s) => (s.key ? `key:${s.key}` : null),
  (s) => (s.doi ? `doi:${s.doi.toLowerCase()}` : null),
  (s) => (s.url ? `url:${s.url.toLowerCase()}` : null),
  (s) => `aty:${norm(s.author)}|${norm(s.year)}|${norm(s.title)}`,
  (s) => `ay:${norm(s.author)}|${norm(s.year)}`,
];

/** The sources of two versions paired up (the diff and the "sources changed" risk flag both read this). */
export function matchCitations(before: Citation[], after: Citation[]) {
  let left = before;
  let right = after;
  const pairs: [Citation, Citation][] = [];
  for (const keyOf of citationKeys) {
    const m = matchBy(left, right, keyOf);
    pairs.push(...m.pairs);
    left = m.removed;
    right = m.added;
  }
  pairs.sort((a, b) => after.indexOf(a[1]) - after.indexOf(b[1]));
  return { pairs, removed: left, added: right };
}

const mediaEntries = (media: Of<"media">): MediaEntry[] => mediaGroups.flatMap((group) => (media[group] ?? []).map((m) => ({ group, ...m })));

type Comparer = (key: FieldKey, before: ArticleMeta, after: ArticleMeta, budget: Budget) => FieldChange | null;

/** One comparer per field kind: a new field of an existing kind needs nothing here. */
const comparers: Record<FieldKind, Comparer> = {
  text: (key, b, a, budget) => {
    const before = String(b[key] ?? "");
    const after = String(a[key] ?? "");
    return before === after ? null : { ...common("text", key, a), before, after, runs: wordRuns(before, after, budget).runs };
  },
  chips: (key, b, a) => {
    const before = (b[key] ?? []) as string[];
    const after = (a[key] ?? []) as string[];
    if (same(before, after)) return null;
    const added = after.filter((x) => !before.includes(x));
    const removed = before.filter((x) => !after.includes(x));
    const kept = after.filter((x) => before.includes(x));
    const reordered = !same(
      kept,
      before.filter((x) => after.includes(x)),
    );
    return { ...common("chips", key, a), added, removed, reordered, before, after };
  },
  terms: (key, b, a) => {
    const before = (b[key] ?? []) as OtherName[];
    const after = (a[key] ?? []) as OtherName[];
    if (same(before, after)) return null;
    const m = matchBy(before, after, (n) => n.name.toLowerCase());
    const retyped = m.pairs.filter(([x, y]) => x.type !== y.type).map(([x, y]) => ({ name: y.name, before: x.type, after: y.type }));
    return { ...common("terms", key, a), added: m.added, removed: m.removed, retyped, reordered: reorderedPairs(before, m.pairs), after };
  },
  flag: (key, b, a) => (Boolean(b[key]) === Boolean(a[key]) ? null : { ...common("flag", key, a), before: Boolean(b[key]), after: Boolean(a[key]) }),
  rows: (key, b, a, budget) => {
    const before = (b[key] ?? []) as InfoRow[];
    const after = (a[key] ?? []) as InfoRow[];
    if (same(before, after)) return null;
    const m = matchBy(before, after, (r) => norm(r.label));
    const changed = m.pairs
      .filter(([x, y]) => x.value !== y.value || x.label !== y.label)
      .map(([x, y]) => ({ label: y.label, before: x.value, after: y.value, runs: wordRuns(x.value, y.value, budget).runs }));
    return { ...common("rows", key, a), added: m.added, removed: m.removed, changed, reordered: reorderedPairs(before, m.pairs), after };
  },
  figure: (key, b, a, budget) => {
    const before = b[key] as Figure | undefined;
    const after = a[key] as Figure | undefined;
    if (same(before, after)) return null;
    const diffOf = (x?: string, y?: string) => (x === y ? null : wordRuns(x ?? "", y ?? "", budget).runs);
    return {
      ...common("figure", key, a),
      before,
      after,
      srcChanged: before?.src !== after?.src,
      alt: diffOf(before?.alt, after?.alt),
      caption: diffOf(before?.caption, after?.caption),
    };
  },
  media: (key, b, a) => {
    const before = mediaEntries((b[key] ?? {}) as Of<"media">);
    const after = mediaEntries((a[key] ?? {}) as Of<"media">);
    if (same(before, after)) return null;
    const m = matchBy(before, after, (e) => `${e.group}|${norm(e.title)}`);
    return {
      ...common("media", key, a),
      added: m.added,
      removed: m.removed,
      changed: m.pairs.filter(([x, y]) => !same(x, y)).map(([x, y]) => ({ before: x, after: y })),
      after: (a[key] ?? {}) as Of<"media">,
    };
  },
  sources: (key, b, a) => {
    const before = (b[key] ?? []) as Citation[];
    const after = (a[key] ?? []) as Citation[];
    if (same(before, after)) return null;
    const m = matchCitations(before, after);
    // Every part fields.ts declares for a source (key, type, sample… included) counts as a change of that source.
    const fields = (x: Citation, y: Citation) => sourcePartKeys.filter((f) => String(x[f] ?? "") !== String(y[f] ?? ""));
    const changed = m.pairs.filter(([x, y]) => fields(x, y).length > 0).map(([x, y]) => ({ before: x, after: y, fields: fields(x, y) }));
    return { ...common("sources", key, a), added: m.added, removed: m.removed, changed, reordered: reorderedPairs(before, m.pairs), after };
  },
};

// ---------------------------------------------------------------- prose

export type ParagraphChange =
  | { kind: "same"; blocks: Block[] }
  | { kind: "changed"; before: Block; after: Block; runs: DiffPart[]; whole: boolean }
  | { kind: "added"; block: Block }
  | { kind: "removed"; block: Block };

export type SectionChange = {
  /** `same`: nothing changed inside (its paragraphs are folded whole); `changed`: some paragraph did. */
  status: "same" | "changed" | "added" | "removed";
  before: Section | null;
  after: Section | null;
  renamed: boolean;
  moved: boolean;
  paragraphs: ParagraphChange[];
  words: { added: number; removed: number };
};

const sectionWords = (s: Section) =>
  new Set(
    s.blocks.flatMap((b) =>
      b.text
        .toLowerCase()
        .split(/\W+/)
        .filter((w) => w.length > 3),
    ),
  );
/** Shared words over all words (Jaccard). */
function jaccard(x: Set<string>, y: Set<string>): number {
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return both / Math.max(1, x.size + y.size - both);
}
function similarity(a: Section, b: Section): number {
  const x = sectionWords(a);
  const y = sectionWords(b);
  return x.size === 0 && y.size === 0 ? 1 : jaccard(x, y);
}
const blockSimilarity = (a: string, b: string) => jaccard(new Set(a.toLowerCase().split(/\s+/)), new Set(b.toLowerCase().split(/\s+/)));

function compareParagraphs(before: Block[], after: Block[], budget: Budget): ParagraphChange[] {
  const out: ParagraphChange[] = [];
  const left = budget.left();
  const changes =
    left > 0
      ? diffArrays(
          before.map((b) => b.text),
          after.map((b) => b.text),
          { timeout: Math.max(1, Math.round(left)) },
        )
      : undefined;
  if (!changes) {
    budget.exhausted = true;
    return [...before.map((block) => ({ kind: "removed" as const, block })), ...after.map((block) => ({ kind: "added" as const, block }))];
  }
  let i = 0;
  let j = 0;
  let removed: Block[] = [];
  const pushSame = (blocks: Block[]) => {
    const last = out[out.length - 1];
    if (last?.kind === "same") last.blocks.push(...blocks);
    else out.push({ kind: "same", blocks });
  };
  const flushRemoved = (added: Block[]) => {
    // A removed paragraph and an added one (in the same place, in order) that share enough words are one changed
    // paragraph; the closest such match is taken, so a paragraph inserted just before an edited one stays "added".
    let a = 0;
    for (const r of removed) {
      let best = -1;
      let bestScore = 0.2;
      for (let k = a; k < added.length; k++) {
        const score = blockSimilarity(r.text, (added[k] as Block).text);
        if (score >= bestScore) [best, bestScore] = [k, score];
      }
      if (best === -1) {
        out.push({ kind: "removed", block: r });
        continue;
      }
      for (; a < best; a++) out.push({ kind: "added", block: added[a] as Block });
      const after = added[best] as Block;
      const { runs, whole } = wordRuns(r.text, after.text, budget);
      out.push({ kind: "changed", before: r, after, runs, whole });
      a = best + 1;
    }
    for (; a < added.length; a++) out.push({ kind: "added", block: added[a] as Block });
    removed = [];
  };
  for (const c of changes) {
    const n = c.value.length;
    if (c.removed) {
      removed.push(...before.slice(i, i + n));
      i += n;
    } else if (c.added) {
      flushRemoved(after.slice(j, j + n));
      j += n;
    } else {
      flushRemoved([]);
      pushSame(after.slice(j, j + n));
      i += n;
      j += n;
    }
  }
  flushRemoved([]);
  return out;
}

const paragraphWords = (paragraphs: ParagraphChange[]) =>
  changeSize(paragraphs.flatMap((p): DiffPart[] => (p.kind === "changed" ? p.runs : p.kind === "same" ? [] : [{ kind: p.kind, text: p.block.text }])));

/** Sections matched by heading, then (renamed) by content; the order of matched ones checked for moves. */
function compareSections(before: Section[], after: Section[], budget: Budget): SectionChange[] {
  const title = (s: Section) => (s.title === null ? "\u0000lead" : s.title.toLowerCase());
  const byTitle = matchBy(before, after, title);
  // Matched regardless of letter case; a heading whose case changed still reads differently, so it counts as renamed.
  const pairs: { b: Section; a: Section; renamed: boolean }[] = byTitle.pairs.map(([b, a]) => ({ b, a, renamed: b.title !== a.title }));
  let removed = byTitle.removed;
  const added: Section[] = [];
  for (const a of byTitle.added) {
    // An unmatched section with most of an unmatched old section's words is that section renamed.
    const best = removed.map((b) => ({ b, score: similarity(b, a) })).sort((x, y) => y.score - x.score)[0];
    if (best && best.score >= 0.5 && a.title !== null && best.b.title !== null) {
      pairs.push({ b: best.b, a, renamed: true });
      removed = removed.filter((r) => r !== best.b);
    } else added.push(a);
  }
  pairs.sort((x, y) => after.indexOf(x.a) - after.indexOf(y.a));
  // Moved: matched sections outside the longest run that keeps its old order.
  const order = pairs.map((p) => before.indexOf(p.b));
  const inOrder = longestIncreasing(order);
  const result: SectionChange[] = [];
  const changeFor = (p: { b: Section; a: Section; renamed: boolean }, index: number): SectionChange => {
    const paragraphs = compareParagraphs(p.b.blocks, p.a.blocks, budget);
    const changed = paragraphs.some((x) => x.kind !== "same");
    return {
      status: changed ? "changed" : "same",
      before: p.b,
      after: p.a,
      renamed: p.renamed,
      moved: !inOrder.has(index),
      paragraphs,
      words: paragraphWords(paragraphs),
    };
  };
  const pairOf = new Map(pairs.map((p, index) => [p.a, { p, index }]));
  for (const a of after) {
    const matched = pairOf.get(a);
    if (matched) result.push(changeFor(matched.p, matched.index));
    else {
      const paragraphs = a.blocks.map((block) => ({ kind: "added" as const, block }));
      result.push({ status: "added", before: null, after: a, renamed: false, moved: false, paragraphs, words: paragraphWords(paragraphs) });
    }
  }
  // Removed sections are shown where they stood: after the section that preceded them in the old version.
  for (const b of removed) {
    const paragraphs = b.blocks.map((block) => ({ kind: "removed" as const, block }));
    const change: SectionChange = { status: "removed", before: b, after: null, renamed: false, moved: false, paragraphs, words: paragraphWords(paragraphs) };
    const previous = before[before.indexOf(b) - 1];
    const at = previous ? result.findIndex((r) => r.before === previous) : -1;
    result.splice(at === -1 ? result.length : at + 1, 0, change);
  }
  return result;
}

/** Indexes (into `xs`) of one longest strictly increasing subsequence. */
function longestIncreasing(xs: number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array(xs.length).fill(-1);
  xs.forEach((x, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((xs[tails[mid] as number] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let k = tails.length ? (tails[tails.length - 1] as number) : -1; k !== -1; k = prev[k] as number) keep.add(k);
  return keep;
}

// ---------------------------------------------------------------- the whole article

export type SummaryItem = { id: string; text: string };

export type ArticleDiff =
  | {
      ok: true;
      fields: FieldChange[];
      sections: SectionChange[];
      summary: SummaryItem[];
      /** True when the time budget ran out and some changed paragraphs are shown whole rather than word by word. */
      partial: boolean;
      /** Claims marked "[citation needed]" before and after. */
      citationsNeeded: { before: number; after: number };
    }
  /** Either side did not parse: the raw-source diff, and why. */
  | { ok: false; reason: string; raw: TextDiff };

const plural = (n: number, [one, many]: readonly [string, string]) => `${n} ${n === 1 ? one : many}`;

export const fieldAnchor = (key: string) => `change-field-${key}`;
export const sectionAnchor = (index: number) => `change-section-${index + 1}`;

function fieldSummary(c: FieldChange): string {
  const entry = c.entry ?? ([c.label.toLowerCase(), c.label.toLowerCase()] as const);
  const parts = (counts: [number, string][]) =>
    counts
      .filter(([n]) => n > 0)
      .map(([n, what]) => `${plural(n, entry)} ${what}`)
      .join(", ");
  switch (c.kind) {
    case "text":
      return `${c.label} changed`;
    case "flag":
      return c.after ? `Marked ${c.label.toLowerCase()}` : `No longer marked ${c.label.toLowerCase()}`;
    case "figure":
      return !c.before ? "Figure added" : !c.after ? "Figure removed" : c.srcChanged ? "Figure image changed" : "Figure text changed";
    case "chips":
    case "terms":
    case "rows":
    case "sources": {
      const changed = c.kind === "chips" ? 0 : c.kind === "terms" ? c.retyped.length : c.changed.length;
      return (
        parts([
          [c.added.length, "added"],
          [c.removed.length, "removed"],
          [changed, "changed"],
        ]) || `${c.label} reordered`
      );
    }
    case "media":
      return parts([
        [c.added.length, "added"],
        [c.removed.length, "removed"],
        [c.changed.length, "changed"],
      ]);
  }
}

function sectionSummary(s: SectionChange): string {
  const name = `“${(s.after ?? s.before)?.title ?? "Lead"}”`;
  if (s.status === "added") return `Section ${name} added (${plural(s.paragraphs.length, ["paragraph", "paragraphs"])})`;
  if (s.status === "removed") return `Section ${name} removed (${plural(s.paragraphs.length, ["paragraph", "paragraphs"])})`;
  const notes = [s.renamed ? `renamed from “${s.before?.title}”` : "", s.moved ? "moved" : ""].filter(Boolean);
  const touched = s.paragraphs.filter((p) => p.kind !== "same");
  const changed = touched.filter((p) => p.kind === "changed").length;
  const added = touched.filter((p) => p.kind === "added").length;
  const removed = touched.filter((p) => p.kind === "removed").length;
  const counts = [
    changed && `${plural(changed, ["paragraph", "paragraphs"])} changed`,
    added && `${plural(added, ["paragraph", "paragraphs"])} added`,
    removed && `${plural(removed, ["paragraph", "paragraphs"])} removed`,
  ].filter(Boolean);
  const what = counts.length ? `${counts.join(", ")} in ${name}` : `Section ${name}`;
  const words = touched.length ? `, +${s.words.added}/−${s.words.removed} words` : "";
  return `${what}${notes.length ? ` (${notes.join(", ")})` : ""}${words}`;
}

const EMPTY: ArticleSource = { meta: parseEmpty(), body: "", slug: "" };
function parseEmpty(): ArticleMeta {
  return { title: "", summary: "", category: [], subfield: [], aliases: [], sensitive: false, infobox: [], related: [], media: {}, sources: [] };
}

/**
 * The structured diff of two article sources (`before` null: a new article). Within `budgetMs` (DIFF_BUDGET_MS);
 * past it, the paragraphs still to compare are shown whole and `partial` says so.
 */
export function compareArticles(before: string | null, after: string, budgetMs: number = env().DIFF_BUDGET_MS): ArticleDiff {
  const parsedAfter = parseArticleSource(normaliseSource(after));
  const parsedBefore = before === null ? ({ ok: true, value: EMPTY } as const) : parseArticleSource(normaliseSource(before));
  if (!parsedAfter.ok || !parsedBefore.ok) {
    const which = !parsedBefore.ok && !parsedAfter.ok ? "Neither version" : !parsedBefore.ok ? "The earlier version" : "The proposed version";
    return {
      ok: false,
      reason: `${which} cannot be read as an article, so the texts are compared as they are written.`,
      raw: compareSources(before ?? "", after, budgetMs),
    };
  }
  const budget = budgetOf(budgetMs);
  const b = parsedBefore.value;
  const a = parsedAfter.value;
  const fields: FieldChange[] = [];
  for (const key of fieldKeys) {
    const change = comparers[articleFields[key].kind](key, b.meta, a.meta, budget);
    if (change) fields.push(change);
  }
  const sections = compareSections(before === null ? [] : splitSections(b.body), splitSections(a.body), budget);
  const changes: SummaryItem[] = [...fields.map((f) => ({ id: fieldAnchor(f.key), text: fieldSummary(f) }))];
  sections.forEach((s, i) => {
    if (s.status !== "same" || s.renamed || s.moved) changes.push({ id: sectionAnchor(i), text: sectionSummary(s) });
  });
  const citationsNeeded = { before: before === null ? 0 : countCitationsNeeded(b.body), after: countCitationsNeeded(a.body) };
  // Shown whenever there are any, changed or not: the moderator sees how much of the text still wants a source.
  if ((changes.length > 0 && citationsNeeded.after > 0) || citationsNeeded.after !== citationsNeeded.before) {
    const was = citationsNeeded.after === citationsNeeded.before ? "" : ` (was ${citationsNeeded.before.toLocaleString("en")})`;
    changes.push({ id: "", text: `${plural(citationsNeeded.after, ["claim", "claims"])} marked “citation needed”${was}` });
  }
  const titleKept = before !== null && !fields.some((f) => f.key === "title") ? [{ id: "", text: "Title unchanged" }] : [];
  const summary = changes.length ? [...titleKept, ...changes] : [{ id: "", text: "No change to the article" }];
  return { ok: true, fields, sections, summary, partial: budget.exhausted, citationsNeeded };
}

/** The new article rebuilt from the old one's fields and the diff: changed fields' new values, sections' new blocks. */
export function afterSide(diff: Extract<ArticleDiff, { ok: true }>, beforeMeta: ArticleMeta): { meta: ArticleMeta; body: string } {
  const meta: Record<string, unknown> = { ...beforeMeta };
  for (const f of diff.fields) {
    if (f.value === undefined) delete meta[f.key];
    else meta[f.key] = f.value;
  }
  const sections = diff.sections
    .filter((s) => s.after !== null)
    .map((s) => ({
      heading: s.after?.heading ?? null,
      blocks: s.paragraphs.flatMap((p) => (p.kind === "same" ? p.blocks : p.kind === "changed" ? [p.after] : p.kind === "added" ? [p.block] : [])),
    }));
  return { meta: meta as ArticleMeta, body: joinSections(sections) };
}

/** The lines of the new body that changed, for the marks in the margin of the rendered article. */
export function changedLines(diff: Extract<ArticleDiff, { ok: true }>): [number, number][] {
  return diff.sections.flatMap((s) => [
    ...(s.status === "added" || s.renamed ? (s.after?.heading ? [[s.after.heading.startLine, s.after.heading.endLine] as [number, number]] : []) : []),
    ...s.paragraphs.flatMap((p): [number, number][] =>
      p.kind === "changed" ? [[p.after.startLine, p.after.endLine]] : p.kind === "added" ? [[p.block.startLine, p.block.endLine]] : [],
    ),
  ]);
}

/** The labels of the infobox rows the new version adds or changes, for their marks in the rendered article. */
export function changedRowLabels(diff: Extract<ArticleDiff, { ok: true }>): string[] {
  return diff.fields.flatMap((f) => (f.kind === "rows" ? [...f.added, ...f.changed].map((r) => r.label) : []));
}
