// Word-level diffs between two sources, for moderators and history (the `diff` package).
import { diffWordsWithSpace } from "diff";

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({ kind: c.added ? "added" : c.removed ? "removed" : "same", text: c.value }));
}

/** How many words a change adds and removes. */
export function changeSize(parts: DiffPart[]): { added: number; removed: number } {
  const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
  return parts.reduce((acc, p) => (p.kind === "added" ? { ...acc, added: acc.added + words(p.text) } : p.kind === "removed" ? { ...acc, removed: acc.removed + words(p.text) } : acc), { added: 0, removed: 0 });
}

/** Side-by-side rows: the left shows what was removed, the right what was added. */
export function sideBySide(parts: DiffPart[]): { left: DiffPart[]; right: DiffPart[] } {
  return { left: parts.filter((p) => p.kind !== "added"), right: parts.filter((p) => p.kind !== "removed") };
}
