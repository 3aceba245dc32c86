// Three-way merge of article sources (node-diff3, line-based): the proposal's change is replayed
// on top of the article's current text; overlapping changes are a conflict, never a silent loss.
// Where the lines overlap only because both sides changed a list field (two proposals each adding a source at
// the end of the list), the front matter is merged field by field instead: each field either side alone changed
// is taken from it, and a list both changed gets both sides' additions and removals, entry by entry.
import { diff3Merge } from "node-diff3";
import { canonicalSource } from "../articles/editor-model";
import { articleFields, fieldKeys, type ArticleMeta, type OtherName } from "../articles/fields";
import { parseArticleSource, serializeArticleSource } from "../articles/source";
import { matchCitations } from "./structured-diff";

export type MergeResult = { clean: true; text: string } | { clean: false; conflicts: number };

function lines(text: string): string[] {
  return text.replace(/\r\n?/g, "\n").split("\n");
}

function lineMerge(base: string, current: string, proposed: string): MergeResult {
  const blocks = diff3Merge(lines(current), lines(base), lines(proposed), { excludeFalseConflicts: true });
  const out: string[] = [];
  let conflicts = 0;
  for (const block of blocks) {
    if (block.ok) out.push(...block.ok);
    else if (block.conflict) conflicts++;
  }
  return conflicts > 0 ? { clean: false, conflicts } : { clean: true, text: out.join("\n") };
}

export function threeWayMerge(base: string, current: string, proposed: string): MergeResult {
  if (proposed === base) return { clean: true, text: current };
  if (current === base || current === proposed) return { clean: true, text: proposed };
  const merged = lineMerge(base, current, proposed);
  if (merged.clean) {
    // Lines apart can still clash as an article: one side cites a source the other removed, or both add one key.
    const broken = !parseArticleSource(merged.text).ok && parseArticleSource(current).ok && parseArticleSource(proposed).ok;
    return broken ? { clean: false, conflicts: 1 } : merged;
  }
  const byField = fieldMerge(base, current, proposed);
  return byField === null ? merged : { clean: true, text: byField };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
type Source = ArticleMeta["sources"][number];

/** A plain list (categories, subfields…): the current list, less what the proposal removed, plus what it added. */
function mergeChips(base: string[], current: string[], proposed: string[]): string[] {
  const removed = base.filter((x) => !proposed.includes(x));
  const added = proposed.filter((x) => !base.includes(x) && !current.includes(x));
  return [...current.filter((x) => !removed.includes(x)), ...added];
}

/**
 * Other names, matched by name ignoring case: the current list, less what the proposal removed, with the kinds it
 * changed, plus what it added; null when both sides changed the same name differently (removed here and given
 * another kind there, or two different kinds).
 */
function mergeTerms(base: OtherName[], current: OtherName[], proposed: OtherName[]): OtherName[] | null {
  const byName = (names: OtherName[]) => new Map(names.map((n) => [n.name.toLowerCase(), n]));
  const [b, c, p] = [byName(base), byName(current), byName(proposed)];
  let result = [...current];
  for (const [name, was] of b) {
    const theirs = c.get(name);
    const mine = p.get(name);
    if (mine && same(mine, was)) continue; // the proposal left it alone
    if (!mine) {
      if (theirs && !same(theirs, was)) return null; // removed here, changed there
      result = result.filter((x) => x.name.toLowerCase() !== name);
    } else if (!theirs) {
      return null; // changed here, removed there
    } else if (same(theirs, was)) {
      result = result.map((x) => (x === theirs ? mine : x));
    } else if (!same(theirs, mine)) return null; // changed differently on both sides
  }
  for (const [name, mine] of p) {
    if (b.has(name)) continue;
    const theirs = c.get(name);
    if (theirs && !same(theirs, mine)) return null; // the same name added on both sides, with different kinds
    if (!theirs) result.push(mine);
  }
  return result;
}

/**
 * Sources, matched as the moderator's diff matches them (key, DOI, address, author + year + title): the proposal's
 * additions are appended, its removals and corrections applied, unless the current version changed the same source.
 */
function mergeSources(base: Source[], current: Source[], proposed: Source[]): Source[] | null {
  const theirs = matchCitations(base, current);
  const counterpart = new Map(theirs.pairs);
  const mine = matchCitations(base, proposed);
  let result = [...current];
  for (const [b, p] of mine.pairs) {
    if (same(b, p)) continue;
    const c = counterpart.get(b);
    if (!c) return null; // corrected here, removed there
    if (same(c, p)) continue;
    if (!same(c, b)) return null; // corrected differently on both sides
    result = result.map((x) => (x === c ? p : x));
  }
  for (const b of mine.removed) {
    const c = counterpart.get(b);
    if (!c) continue; // removed on both sides
    if (!same(c, b)) return null; // removed here, corrected there
    result = result.filter((x) => x !== c);
  }
  for (const p of mine.added) {
    const already = matchCitations(result, [p]).pairs[0]?.[0];
    if (already && !same(already, p)) return null; // the same source added on both sides, written differently
    if (!already) result.push(p);
  }
  return result;
}

/** The merged text, or null when the two changes really overlap (a field or a body line changed on both sides). */
function fieldMerge(base: string, current: string, proposed: string): string | null {
  const [b, c, p] = [base, current, proposed].map(parseArticleSource);
  if (!b?.ok || !c?.ok || !p?.ok) return null;
  const body = lineMerge(b.value.body, c.value.body, p.value.body);
  if (!body.clean) return null;
  const meta: Record<string, unknown> = {};
  for (const key of fieldKeys) {
    const [x, y, z] = [b.value.meta[key], c.value.meta[key], p.value.meta[key]];
    if (same(y, z) || same(x, z)) meta[key] = y;
    else if (same(x, y)) meta[key] = z;
    else if (articleFields[key].kind === "chips") meta[key] = mergeChips(x as string[], y as string[], z as string[]);
    else if (articleFields[key].kind === "terms") {
      const names = mergeTerms(x as OtherName[], y as OtherName[], z as OtherName[]);
      if (!names) return null;
      meta[key] = names;
    } else if (articleFields[key].kind === "sources") {
      const sources = mergeSources(x as Source[], y as Source[], z as Source[]);
      if (!sources) return null;
      meta[key] = sources;
    } else return null;
  }
  const text = canonicalSource(serializeArticleSource(meta as ArticleMeta, body.text));
  // The merged whole must still be an article: keys unique, every citation's key a source's, lists within bounds.
  return parseArticleSource(text).ok ? text : null;
}
