// Diffs between two sources, for moderators, contributors and history (the `diff` package). Word diffs of two long,
// very different texts can take many seconds, so each diff has a time budget and falls back to lines, then to
// "before / after" whole, rather than holding the server.
import { diffLines, diffWordsWithSpace, type ChangeObject } from "diff";
import { normaliseSource } from "../articles/source";
import { env } from "../env";

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };
/** How finely the texts were compared: by word, by line (word diff over budget) or not at all (both over budget). */
export type DiffGranularity = "words" | "lines" | "whole";
export type TextDiff = { granularity: DiffGranularity; parts: DiffPart[] };

const toParts = (changes: ChangeObject<string>[]): DiffPart[] =>
  changes.map((c) => ({ kind: c.added ? "added" : c.removed ? "removed" : "same", text: c.value }));

/** Two article sources compared as stored today (older revisions may have CRLF or trailing spaces): normalised first. */
export function compareSources(before: string, after: string, budgetMs?: number): TextDiff {
  return compareTexts(normaliseSource(before), normaliseSource(after), budgetMs);
}

/** Word diff in the first two thirds of the budget; else a line diff in what is left; else the two texts whole. */
export function compareTexts(before: string, after: string, budgetMs: number = env().DIFF_BUDGET_MS): TextDiff {
  const deadline = performance.now() + budgetMs;
  const words = diffWordsWithSpace(before, after, { timeout: Math.max(1, Math.round((budgetMs * 2) / 3)) });
  if (words) return { granularity: "words", parts: toParts(words) };
  const lines = diffLines(before, after, { timeout: Math.max(1, Math.round(deadline - performance.now())) });
  if (lines) return { granularity: "lines", parts: toParts(lines) };
  return {
    granularity: "whole",
    parts: [...(before ? [{ kind: "removed" as const, text: before }] : []), ...(after ? [{ kind: "added" as const, text: after }] : [])],
  };
}

/** Words in a text, as the change sizes count them. */
export const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** How many words a change adds and removes. */
export function changeSize(parts: DiffPart[]): { added: number; removed: number } {
  return parts.reduce(
    (acc, p) =>
      p.kind === "added" ? { ...acc, added: acc.added + wordCount(p.text) } : p.kind === "removed" ? { ...acc, removed: acc.removed + wordCount(p.text) } : acc,
    { added: 0, removed: 0 },
  );
}

/** Side-by-side rows: the left shows what was removed, the right what was added. */
export function sideBySide(parts: DiffPart[]): { left: DiffPart[]; right: DiffPart[] } {
  return { left: parts.filter((p) => p.kind !== "added"), right: parts.filter((p) => p.kind !== "removed") };
}
