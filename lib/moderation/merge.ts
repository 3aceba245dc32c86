// Three-way merge of article sources (node-diff3, line-based): the proposal's change is replayed
// on top of the article's current text; overlapping changes are a conflict, never a silent loss.
import { diff3Merge } from "node-diff3";

export type MergeResult = { clean: true; text: string } | { clean: false; conflicts: number };

function lines(text: string): string[] {
  return text.replace(/\r\n?/g, "\n").split("\n");
}

export function threeWayMerge(base: string, current: string, proposed: string): MergeResult {
  if (proposed === base) return { clean: true, text: current };
  if (current === base || current === proposed) return { clean: true, text: proposed };
  const blocks = diff3Merge(lines(current), lines(base), lines(proposed), { excludeFalseConflicts: true });
  const out: string[] = [];
  let conflicts = 0;
  for (const block of blocks) {
    if (block.ok) out.push(...block.ok);
    else if (block.conflict) conflicts++;
  }
  return conflicts > 0 ? { clean: false, conflicts } : { clean: true, text: out.join("\n") };
}
