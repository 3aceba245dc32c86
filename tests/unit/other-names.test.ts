// Typed other names (issue #15, item 5): the two source forms, their errors, the normalised value, writing it back
// (parser and editor), the article page's groups, JSON-LD, the moderator's diff and the three-way merge.
import { describe, expect, it } from "vitest";
import { canonicalSource, fieldsToSource, sourceToFields, type EditorFields } from "@/lib/articles/editor-model";
import { otherNameLabel, otherNamesToSource, synonymsOf, termTypeKeys, termTypeLabels, type OtherName } from "@/lib/articles/fields";
import { alternateNames, groupOtherNames } from "@/lib/articles/other-names";
import { formatSourceErrors, parseArticleSource, serializeArticleSource, type ArticleSource } from "@/lib/articles/source";
import { termTypes } from "@/lib/db/schema/articles";
import { threeWayMerge } from "@/lib/moderation/merge";
import { compareArticles, type FieldChange } from "@/lib/moderation/structured-diff";

const article = (aliases: string) => `---
title: Love Bombing
summary: Overwhelming a new partner with attention and affection.
category: [Relationships]
${aliases}
---
The lead paragraph.

## History
A paragraph of history.
`;

function parsed(source: string): ArticleSource {
  const result = parseArticleSource(source);
  if (!result.ok) throw new Error(formatSourceErrors(result.errors).join("\n"));
  return result.value;
}
const errorsOf = (source: string) => {
  const result = parseArticleSource(source);
  if (result.ok) throw new Error("expected the source to be refused");
  return result.errors;
};

const typed = `aliases:
  research: [romantic attachment]
  popular: [love-bombing, lovebombing]
  confused: [passionate love]`;

describe("aliases: the two forms of the source", () => {
  it("reads a plain list as names without a kind", () => {
    expect(parsed(article("aliases: [push-pull dynamic, hot-cold coupling]")).meta.aliases).toEqual([
      { name: "push-pull dynamic" },
      { name: "hot-cold coupling" },
    ]);
  });

  it("reads a map from kinds to names, in the map's order", () => {
    expect(parsed(article(typed)).meta.aliases).toEqual([
      { name: "romantic attachment", type: "research" },
      { name: "love-bombing", type: "popular" },
      { name: "lovebombing", type: "popular" },
      { name: "passionate love", type: "confused" },
    ]);
  });

  it("reads one name written without brackets, block lists, numbers as text, and `other` for names without a kind", () => {
    const meta = parsed(article("aliases:\n  slang: love bomb\n  former:\n    - 1984\n  other: [push-pull]")).meta;
    expect(meta.aliases).toEqual([{ name: "love bomb", type: "slang" }, { name: "1984", type: "former" }, { name: "push-pull" }]);
  });

  it("has no other names when the field is left out or empty", () => {
    expect(parsed(article("")).meta.aliases).toEqual([]);
    expect(parsed(article("aliases: []")).meta.aliases).toEqual([]);
    expect(parsed(article("aliases: {}")).meta.aliases).toEqual([]);
  });

  it("names the allowed kinds when a key is not one, on its line", () => {
    const [error] = errorsOf(article("aliases:\n  popular: [love-bombing]\n  pop: [lovebombing]"));
    expect(error).toMatchObject({ field: "aliases.pop", line: 7 });
    expect(error?.message).toBe("aliases has no kind “pop”: use other, research, clinical, popular, slang, misnomer, former, confused");
  });

  it("refuses more than 20 names in all, counted over every kind", () => {
    const names = (prefix: string, n: number) => `[${Array.from({ length: n }, (_, i) => `${prefix} ${i}`).join(", ")}]`;
    expect(parsed(article(`aliases:\n  popular: ${names("popular", 10)}\n  slang: ${names("slang", 10)}`)).meta.aliases).toHaveLength(20);
    const errors = errorsOf(article(`aliases:\n  popular: ${names("popular", 10)}\n  slang: ${names("slang", 11)}`));
    expect(errors.map((e) => e.message)).toEqual(["aliases may have at most 20 entries (it has 21)"]);
  });

  it("refuses a name given twice, ignoring case, and says under which kinds", () => {
    expect(errorsOf(article("aliases: [love bomb, Love Bomb]"))[0]?.message).toBe("aliases names “Love Bomb” twice: give each name once");
    expect(errorsOf(article("aliases:\n  popular: [lovebombing]\n  slang: [LoveBombing]"))[0]?.message).toBe(
      "aliases names “LoveBombing” twice (popular term and slang): give each name once",
    );
  });

  it("names the entry that is not a name", () => {
    const [error] = errorsOf(article("aliases:\n  popular: [love-bombing, '']"));
    expect(error).toMatchObject({ field: "aliases.popular[2]", message: "alias must not be empty" });
    expect(errorsOf(article("aliases: true"))[0]?.message).toBe("aliases must be a list");
  });
});

describe("aliases: written back", () => {
  it("keeps the plain list when no name has a kind, and writes the map when one has", () => {
    expect(otherNamesToSource([{ name: "a" }, { name: "b" }])).toEqual(["a", "b"]);
    expect(otherNamesToSource([{ name: "a" }, { name: "b", type: "slang" }, { name: "c", type: "confused" }, { name: "d", type: "slang" }])).toEqual({
      other: ["a"],
      slang: ["b", "d"],
      confused: ["c"],
    });
  });

  it("round-trips both forms through the parser's serializer", () => {
    for (const form of ["aliases: [push-pull dynamic, hot-cold coupling]", typed, "aliases:\n  other: [push-pull]\n  misnomer: [love trap]"]) {
      const { meta, body } = parsed(article(form));
      const again = parsed(serializeArticleSource(meta, body));
      expect(again.meta).toEqual(meta);
    }
    expect(serializeArticleSource(parsed(article("aliases: [a, b]")).meta, "Lead.")).toContain("aliases:\n  - a\n  - b\n");
  });

  it("gives the editor one line per kind and one for names without a kind, and round-trips them", () => {
    const fields = sourceToFields(article(`${typed}\n  other: [push-pull]`));
    expect(fields.aliases).toMatchObject({
      other: "push-pull",
      research: "romantic attachment",
      popular: "love-bombing, lovebombing",
      confused: "passionate love",
    });
    expect(fields.aliases.slang).toBe("");
    const again = parsed(fieldsToSource(fields));
    // The editor writes names without a kind first, then the kinds in their declared order.
    expect(again.meta.aliases).toEqual([
      { name: "push-pull" },
      { name: "romantic attachment", type: "research" },
      { name: "love-bombing", type: "popular" },
      { name: "lovebombing", type: "popular" },
      { name: "passionate love", type: "confused" },
    ]);
    expect(sourceToFields(fieldsToSource(fields))).toEqual(fields);
  });

  it("writes the plain list from the editor when only the untyped line is filled", () => {
    const fields = sourceToFields(article("aliases: [push-pull dynamic, hot-cold coupling]"));
    expect(fieldsToSource(fields)).toContain("aliases:\n  - push-pull dynamic\n  - hot-cold coupling\n");
  });
});

describe("aliases: labels, groups and JSON-LD", () => {
  it("has a label for every term type of the database, singular and plural", () => {
    expect([...termTypeKeys].sort()).toEqual([...termTypes].sort());
    expect(termTypeLabels.research).toMatchObject({ one: "Research term", many: "Research terms" });
    expect(termTypeLabels.confused.one).toBe("Often confused with");
    expect(otherNameLabel("lovebombing", "popular")).toBe("popular term: lovebombing");
    expect(otherNameLabel("push-pull dynamic", null)).toBe("other name: push-pull dynamic");
  });

  const names: OtherName[] = [
    { name: "passionate love", type: "confused" },
    { name: "love-bombing", type: "popular" },
    { name: "push-pull" },
    { name: "romantic attachment", type: "research" },
    { name: "lovebombing", type: "popular" },
  ];

  it("groups names by kind: names without a kind first, with no label, and 'Often confused with' last", () => {
    expect(groupOtherNames(names)).toEqual([
      { type: null, label: null, names: ["push-pull"] },
      { type: "research", label: "Research term", names: ["romantic attachment"] },
      { type: "popular", label: "Popular terms", names: ["love-bombing", "lovebombing"] },
      { type: "confused", label: "Often confused with", names: ["passionate love"] },
    ]);
    expect(groupOtherNames([])).toEqual([]);
  });

  it("gives JSON-LD every other name but the ones often confused with the article", () => {
    expect(alternateNames(names)).toEqual(["love-bombing", "push-pull", "romantic attachment", "lovebombing"]);
    expect(synonymsOf(names).some((n) => n.type === "confused")).toBe(false);
  });
});

type Terms = Extract<FieldChange, { kind: "terms" }>;
function termsChange(before: string, after: string): Terms | undefined {
  const d = compareArticles(before, after, 5_000);
  if (!d.ok) throw new Error(d.reason);
  return d.fields.find((f): f is Terms => f.kind === "terms");
}
const summaryOf = (before: string, after: string) => {
  const d = compareArticles(before, after, 5_000);
  return d.ok ? d.summary.map((s) => s.text) : [];
};

describe("aliases: the moderator's diff", () => {
  it("shows a change of kind as a change of that name, not as one removed and one added", () => {
    const before = article(typed);
    const after = article(typed.replace("popular: [love-bombing, lovebombing]", "popular: [love-bombing]\n  slang: [lovebombing]"));
    const change = termsChange(before, after);
    expect(change).toMatchObject({ added: [], removed: [], retyped: [{ name: "lovebombing", before: "popular", after: "slang" }] });
    expect(summaryOf(before, after)).toContain("1 other name changed");
  });

  it("shows a name given its first kind, and names added and removed as before", () => {
    const before = article("aliases: [push-pull dynamic, hot-cold coupling]");
    const after = article("aliases:\n  other: [push-pull dynamic]\n  popular: [hot-cold coupling, chase and retreat]");
    expect(termsChange(before, after)).toMatchObject({
      added: [{ name: "chase and retreat", type: "popular" }],
      removed: [],
      retyped: [{ name: "hot-cold coupling", before: undefined, after: "popular" }],
      reordered: false,
    });
    expect(termsChange(before, article("aliases: [push-pull dynamic]"))).toMatchObject({ removed: [{ name: "hot-cold coupling" }], retyped: [] });
    expect(termsChange(before, before)).toBeUndefined();
  });
});

describe("aliases: three-way merge", () => {
  // As the editor writes them: the form every stored revision and every proposal has.
  const base = canonicalSource(article(typed));
  const edit = (change: (f: EditorFields) => void) => {
    const fields = sourceToFields(base);
    change(fields);
    return fieldsToSource(fields);
  };

  it("merges two proposals that add different typed names", () => {
    const first = edit((f) => void (f.aliases.popular += ", love bomb"));
    const second = edit((f) => void (f.aliases.slang = "bombing"));
    const third = edit((f) => void (f.aliases.popular += ", overlove"));
    for (const [current, proposed] of [
      [first, second],
      [first, third],
    ] as const) {
      const result = threeWayMerge(base, current, proposed);
      expect(result.clean).toBe(true);
      if (!result.clean) return;
      const names = parsed(result.text).meta.aliases;
      for (const n of [...parsed(current).meta.aliases, ...parsed(proposed).meta.aliases]) expect(names).toContainEqual(n);
      expect(parsed(result.text).body).toBe(parsed(base).body);
    }
  });

  it("merges one side's change of kind with the other side's new name", () => {
    const current = edit((f) => {
      f.aliases.popular = "love-bombing";
      f.aliases.slang = "lovebombing";
    });
    const proposed = edit((f) => void (f.aliases.research += ", idealisation"));
    const result = threeWayMerge(base, current, proposed);
    expect(result.clean).toBe(true);
    if (result.clean)
      expect(parsed(result.text).meta.aliases).toEqual(
        expect.arrayContaining([
          { name: "lovebombing", type: "slang" },
          { name: "idealisation", type: "research" },
        ]),
      );
  });

  it("still conflicts when both sides give one name different kinds, or one removes what the other retypes", () => {
    const toSlang = edit((f) => {
      f.aliases.popular = "love-bombing";
      f.aliases.slang = "lovebombing";
    });
    const toMisnomer = edit((f) => {
      f.aliases.popular = "love-bombing";
      f.aliases.misnomer = "lovebombing";
    });
    const removed = edit((f) => void (f.aliases.popular = "love-bombing"));
    expect(threeWayMerge(base, toSlang, toMisnomer).clean).toBe(false);
    expect(threeWayMerge(base, toSlang, removed).clean).toBe(false);
    expect(threeWayMerge(base, removed, toSlang).clean).toBe(false);
  });

  it("conflicts when both sides add the same name with different kinds", () => {
    const a = edit((f) => void (f.aliases.slang = "love bomb"));
    const b = edit((f) => void (f.aliases.popular += ", love bomb"));
    expect(threeWayMerge(base, a, b).clean).toBe(false);
  });
});
