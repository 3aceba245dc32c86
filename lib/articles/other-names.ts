// How an article's other names are shown: grouped by kind on the article page, and as the JSON-LD's alternateName.
// Pure, so the page and the tests share it.
import type { TermType } from "../db/schema/articles";
import { synonymsOf, termTypeKeys, termTypeLabels, type OtherName } from "./fields";

export type OtherNameGroup = { type: TermType | null; label: string | null; names: string[] };

/**
 * The names grouped by kind: names without a kind first (no label), then each kind in its declared order, "Often
 * confused with" last, so it never sits among the synonyms.
 */
export function groupOtherNames(names: readonly OtherName[]): OtherNameGroup[] {
  const order: (TermType | null)[] = [null, ...termTypeKeys.filter((t) => t !== "confused"), "confused"];
  return order.flatMap((type) => {
    const of = names.filter((n) => (n.type ?? null) === type).map((n) => n.name);
    if (of.length === 0) return [];
    return [{ type, label: type ? termTypeLabels[type][of.length === 1 ? "one" : "many"] : null, names: of }];
  });
}

/** schema.org alternateName: every other name that is one (a name "often confused with" this is another thing). */
export function alternateNames(names: readonly OtherName[]): string[] {
  return synonymsOf(names).map((n) => n.name);
}
