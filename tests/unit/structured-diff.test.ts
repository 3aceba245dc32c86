import fc from "fast-check";
import { diffWordsWithSpace } from "diff";
import { describe, expect, it } from "vitest";
import { joinSections, splitSections } from "@/lib/articles/sections";
import { formatSourceErrors, parseArticleSource, serializeArticleSource, type ArticleMeta } from "@/lib/articles/source";
import { readSeedArticles } from "@/lib/seed";
import type { DiffPart } from "@/lib/moderation/diff";
import { termTypes } from "@/lib/db/schema/articles";
import {
  afterSide,
  changedLines,
  compareArticles,
  groupRuns,
  type ArticleDiff,
  type FieldChange,
  type ParagraphChange,
  type SectionChange,
} from "@/lib/moderation/structured-diff";

// A generous budget, so that a slow or busy machine never turns a word diff into a whole-paragraph one.
const BUDGET = 60_000;

type OkDiff = Extract<ArticleDiff, { ok: true }>;

const seeds = readSeedArticles();
const seed = (name: string): string => {
  const found = seeds.find((s) => s.file === `${name}.md`);
  if (!found) throw new Error(`no seed article ${name}.md`);
  return found.source;
};

function parsed(source: string) {
  const result = parseArticleSource(source);
  if (!result.ok) throw new Error(`expected the source to parse:\n${formatSourceErrors(result.errors).join("\n")}`);
  return result.value;
}

function diff(before: string | null, after: string): OkDiff {
  const d = compareArticles(before, after, BUDGET);
  if (!d.ok) throw new Error(`expected a structured diff, got: ${d.reason}`);
  return d;
}

/** The source written back after `change` edits a copy of its parsed meta and body. */
function edit(source: string, change: (meta: ArticleMeta, body: string) => string | void): string {
  const { meta, body } = parsed(source);
  const copy = structuredClone(meta);
  const newBody = change(copy, body);
  return serializeArticleSource(copy, typeof newBody === "string" ? newBody : body);
}

function fieldChange<K extends FieldChange["kind"]>(d: OkDiff, key: string, kind: K): Extract<FieldChange, { kind: K }> {
  const f = d.fields.find((x) => x.key === key);
  if (!f) throw new Error(`expected a change to ${key}; changed: ${d.fields.map((x) => x.key).join(", ") || "none"}`);
  expect(f.kind).toBe(kind);
  return f as Extract<FieldChange, { kind: K }>;
}

const summaryTexts = (d: OkDiff) => d.summary.map((s) => s.text);
const changedSections = (d: OkDiff) => d.sections.filter((s) => s.status !== "same" || s.renamed || s.moved);
const touched = (s: SectionChange) => s.paragraphs.filter((p) => p.kind !== "same");
const allRuns = (d: OkDiff) => d.sections.flatMap((s) => s.paragraphs.flatMap((p) => (p.kind === "changed" ? p.runs : [])));
const kinds = (runs: DiffPart[]) => runs.map((r) => r.kind);
const newText = (runs: DiffPart[]) =>
  runs
    .filter((r) => r.kind !== "removed")
    .map((r) => r.text)
    .join("");
const oldText = (runs: DiffPart[]) =>
  runs
    .filter((r) => r.kind !== "added")
    .map((r) => r.text)
    .join("");

/** A small article with every front-matter field set, for the field comparers. */
const full = `---
title: Anxious-Avoidant Relationship
summary: A relationship in which one partner seeks closeness while the other withdraws from it.
category: [Relationships, Attachment Style]
subfield: [Attachment Theory, Couples Psychology]
aliases: [push-pull dynamic, hot-cold coupling, chase and retreat]
infobox:
  - label: Primary conflict cycle
    value: Pursue–withdraw under stress
  - label: First described
    value: 1987
  - label: Also studied as
    value: Demand–withdraw interaction
figure:
  src: /figures/anxious-avoidant-relationship.svg
  alt: Two figures on a seesaw
  caption: The pursue–withdraw cycle, in which each partner's move provokes the other's.
related: [attachment-styles, pursue-withdraw-cycle, jealousy]
media:
  film:
    - { title: "Film title", year: 2009, note: "One sentence on how it depicts the topic." }
  television:
    - { title: 1984, years: "2001–2004" }
sources:
  - author: "Hazan, C., & Shaver, P."
    year: 1987
    title: Romantic love conceptualized as an attachment process
    venue: Journal of Personality and Social Psychology, 52(3), 511–524
    doi: 10.1037/0022-3514.52.3.511
  - author: "Christensen, A., & Heavey, C. L."
    year: 1990
    title: Gender and social structure in the demand/withdraw pattern of marital conflict
    venue: Journal of Personality and Social Psychology, 59(1), 73–81
  - author: Anonymous
    year: n.d.
    title: An undated pamphlet
---
The lead: one partner seeks closeness while the other withdraws from it.

## History
The pattern was described in couples research.

## FAQs
### A question?
An answer.
`;

describe("compareArticles: the fixtures", () => {
  it("has seed articles and a full fixture that parse", () => {
    expect(seeds.length).toBeGreaterThan(10);
    for (const s of seeds) parsed(s.source);
    expect(parsed(full).meta.sources).toHaveLength(3);
  });

  it("reports no change when nothing changed (a seed against itself, and against its serialised form)", () => {
    for (const s of seeds) {
      const d = diff(s.source, s.source);
      expect(d.fields).toEqual([]);
      expect(changedSections(d)).toEqual([]);
      expect(summaryTexts(d)).toEqual(["No change to the article"]);
      const again = diff(
        s.source,
        edit(s.source, () => {}),
      );
      expect(summaryTexts(again), s.file).toEqual(["No change to the article"]);
    }
  });
});

describe("compareArticles: text fields", () => {
  it("compares a changed title word by word and says so in the summary", () => {
    const d = diff(
      full,
      edit(full, (m) => void (m.title = "Anxious-Avoidant Pairing")),
    );
    const f = fieldChange(d, "title", "text");
    expect(f.before).toBe("Anxious-Avoidant Relationship");
    expect(f.after).toBe("Anxious-Avoidant Pairing");
    expect(f.value).toBe("Anxious-Avoidant Pairing");
    expect(kinds(f.runs)).toEqual(["same", "removed", "added"]);
    expect(newText(f.runs)).toBe(f.after);
    expect(oldText(f.runs)).toBe(f.before);
    expect(summaryTexts(d)).toContain("Title changed");
    expect(summaryTexts(d)).not.toContain("Title unchanged");
    expect(d.fields.map((x) => x.key)).toEqual(["title"]);
  });

  it("compares a changed summary and keeps 'Title unchanged' in the summary", () => {
    const d = diff(
      full,
      edit(full, (m) => void (m.summary = "A relationship in which one partner pursues closeness while the other withdraws from it.")),
    );
    const f = fieldChange(d, "summary", "text");
    expect(f.runs.filter((r) => r.kind === "removed").map((r) => r.text)).toEqual(["seeks"]);
    expect(f.runs.filter((r) => r.kind === "added").map((r) => r.text)).toEqual(["pursues"]);
    expect(summaryTexts(d)).toEqual(["Title unchanged", "Summary changed"]);
  });

  it("reports a slug added and removed, with the new value (undefined when removed)", () => {
    const added = diff(
      full,
      edit(full, (m) => void (m.slug = "anxious-avoidant")),
    );
    expect(fieldChange(added, "slug", "text")).toMatchObject({ before: "", after: "anxious-avoidant", value: "anxious-avoidant" });
    const removed = diff(
      edit(full, (m) => void (m.slug = "anxious-avoidant")),
      full,
    );
    expect(fieldChange(removed, "slug", "text")).toMatchObject({ before: "anxious-avoidant", after: "", value: undefined });
  });
});

describe("compareArticles: chips fields", () => {
  it("shows aliases added and removed as chips", () => {
    const d = diff(
      full,
      edit(full, (m) => void (m.aliases = [{ name: "push-pull dynamic" }, { name: "chase and retreat" }, { name: "hot and cold" }])),
    );
    const f = fieldChange(d, "aliases", "terms");
    expect(f.added).toEqual([{ name: "hot and cold" }]);
    expect(f.removed).toEqual([{ name: "hot-cold coupling" }]);
    expect(f.retyped).toEqual([]);
    expect(f.reordered).toBe(false);
    expect(summaryTexts(d)).toContain("1 other name added, 1 other name removed");
  });

  it("flags aliases reordered with nothing added or removed", () => {
    const d = diff(
      full,
      edit(full, (m) => void m.aliases.reverse()),
    );
    const f = fieldChange(d, "aliases", "terms");
    expect(f).toMatchObject({ added: [], removed: [], reordered: true });
    expect(summaryTexts(d)).toContain("Other names reordered");
  });

  it("does not call an append a reorder", () => {
    const f = fieldChange(
      diff(
        full,
        edit(full, (m) => void m.aliases.push({ name: "a new name" })),
      ),
      "aliases",
      "terms",
    );
    expect(f).toMatchObject({ added: [{ name: "a new name" }], removed: [], reordered: false });
  });

  it("compares categories: one added, one removed, and both with a reorder", () => {
    const added = fieldChange(
      diff(
        full,
        edit(full, (m) => void m.category.push("Dating")),
      ),
      "category",
      "chips",
    );
    expect(added).toMatchObject({
      added: ["Dating"],
      removed: [],
      reordered: false,
      before: ["Relationships", "Attachment Style"],
      after: ["Relationships", "Attachment Style", "Dating"],
    });
    const removed = diff(
      full,
      edit(full, (m) => void (m.category = ["Attachment Style"])),
    );
    expect(fieldChange(removed, "category", "chips")).toMatchObject({ added: [], removed: ["Relationships"], reordered: false });
    expect(summaryTexts(removed)).toContain("1 category removed");
    const both = fieldChange(
      diff(
        full,
        edit(full, (m) => void (m.category = ["Dating", "Attachment Style", "Relationships"])),
      ),
      "category",
      "chips",
    );
    expect(both).toMatchObject({ added: ["Dating"], removed: [], reordered: true });
  });

  it("compares subfields: all removed, then added back from none", () => {
    const none = edit(full, (m) => void (m.subfield = []));
    const removed = fieldChange(diff(full, none), "subfield", "chips");
    expect(removed).toMatchObject({ added: [], removed: ["Attachment Theory", "Couples Psychology"], value: [] });
    const added = diff(none, full);
    expect(fieldChange(added, "subfield", "chips")).toMatchObject({ added: ["Attachment Theory", "Couples Psychology"], removed: [] });
    expect(summaryTexts(added)).toContain("2 subfields added");
  });

  it("compares related articles: added, removed and reordered", () => {
    const d = diff(
      full,
      edit(full, (m) => void (m.related = ["jealousy", "attachment-styles", "limerence"])),
    );
    const f = fieldChange(d, "related", "chips");
    expect(f).toMatchObject({ added: ["limerence"], removed: ["pursue-withdraw-cycle"], reordered: true });
    expect(summaryTexts(d)).toContain("1 related article added, 1 related article removed");
  });
});

describe("compareArticles: the sensitive flag", () => {
  it("reports it turned on and off", () => {
    const on = edit(full, (m) => void (m.sensitive = true));
    const d = diff(full, on);
    expect(fieldChange(d, "sensitive", "flag")).toMatchObject({ before: false, after: true, value: true });
    expect(summaryTexts(d)).toContain("Marked sensitive");
    const off = diff(on, full);
    expect(fieldChange(off, "sensitive", "flag")).toMatchObject({ before: true, after: false, value: false });
    expect(summaryTexts(off)).toContain("No longer marked sensitive");
  });

  it("turns it off on a seed article that has it", () => {
    const source = seed("catfishing");
    expect(parsed(source).meta.sensitive).toBe(true);
    const d = diff(
      source,
      edit(source, (m) => void (m.sensitive = false)),
    );
    expect(d.fields.map((f) => f.key)).toEqual(["sensitive"]);
  });
});

describe("compareArticles: infobox rows", () => {
  it("reports a row added and a row removed", () => {
    const added = diff(
      full,
      edit(full, (m) => void m.infobox.push({ label: "Typical duration", value: "Years" })),
    );
    expect(fieldChange(added, "infobox", "rows")).toMatchObject({
      added: [{ label: "Typical duration", value: "Years" }],
      removed: [],
      changed: [],
      reordered: false,
    });
    expect(summaryTexts(added)).toContain("1 infobox row added");
    const removed = diff(
      full,
      edit(full, (m) => void m.infobox.splice(1, 1)),
    );
    expect(fieldChange(removed, "infobox", "rows")).toMatchObject({
      added: [],
      removed: [{ label: "First described", value: "1987" }],
      changed: [],
      reordered: false,
    });
    expect(summaryTexts(removed)).toContain("1 infobox row removed");
  });

  it("reports a changed value with word runs", () => {
    const d = diff(
      full,
      edit(full, (m) => void ((m.infobox[0] as { value: string }).value = "Pursue–withdraw under heavy stress")),
    );
    const f = fieldChange(d, "infobox", "rows");
    expect(f.added).toEqual([]);
    expect(f.removed).toEqual([]);
    expect(f.changed).toHaveLength(1);
    const row = f.changed[0]!;
    expect(row).toMatchObject({ label: "Primary conflict cycle", before: "Pursue–withdraw under stress", after: "Pursue–withdraw under heavy stress" });
    expect(row.runs.filter((r) => r.kind !== "same")).toEqual([{ kind: "added", text: "heavy " }]);
    expect(newText(row.runs)).toBe(row.after);
    expect(oldText(row.runs)).toBe(row.before);
    expect(summaryTexts(d)).toContain("1 infobox row changed");
  });

  it("flags rows reordered with nothing else changed", () => {
    const d = diff(
      full,
      edit(full, (m) => void m.infobox.reverse()),
    );
    const f = fieldChange(d, "infobox", "rows");
    expect(f).toMatchObject({ added: [], removed: [], changed: [], reordered: true });
    expect(summaryTexts(d)).toContain("Infobox reordered");
  });

  it("matches a row whose label only changed case, as a change", () => {
    const f = fieldChange(
      diff(
        full,
        edit(full, (m) => void ((m.infobox[1] as { label: string }).label = "First Described")),
      ),
      "infobox",
      "rows",
    );
    expect(f.added).toEqual([]);
    expect(f.removed).toEqual([]);
    expect(f.changed).toMatchObject([{ label: "First Described", before: "1987", after: "1987" }]);
  });
});

describe("compareArticles: the figure", () => {
  type Fig = NonNullable<ArticleMeta["figure"]>;
  const figureOf = (source: string) => parsed(source).meta.figure as Fig;

  it("reports a figure added and removed", () => {
    const none = edit(full, (m) => void delete m.figure);
    const added = diff(none, full);
    const f = fieldChange(added, "figure", "figure");
    expect(f.before).toBeUndefined();
    expect(f.after).toEqual(figureOf(full));
    expect(f.srcChanged).toBe(true);
    expect(summaryTexts(added)).toContain("Figure added");
    const removed = diff(full, none);
    const g = fieldChange(removed, "figure", "figure");
    expect(g.after).toBeUndefined();
    expect(g.value).toBeUndefined();
    expect(summaryTexts(removed)).toContain("Figure removed");
  });

  it("reports the image changed, old and new side by side", () => {
    const d = diff(
      full,
      edit(full, (m) => void ((m.figure as Fig).src = "/figures/seesaw.svg")),
    );
    const f = fieldChange(d, "figure", "figure");
    expect(f.srcChanged).toBe(true);
    expect(f.before?.src).toBe("/figures/anxious-avoidant-relationship.svg");
    expect(f.after?.src).toBe("/figures/seesaw.svg");
    expect(f.alt).toBeNull();
    expect(f.caption).toBeNull();
    expect(summaryTexts(d)).toContain("Figure image changed");
  });

  it("diffs the alt text and caption in runs", () => {
    const d = diff(
      full,
      edit(full, (m) => {
        const fig = m.figure as Fig;
        fig.alt = "Two figures on a see-saw";
        fig.caption = "The pursue–withdraw cycle, in which each partner's retreat provokes the other's.";
      }),
    );
    const f = fieldChange(d, "figure", "figure");
    expect(f.srcChanged).toBe(false);
    expect(f.alt).not.toBeNull();
    expect(f.alt!.filter((r) => r.kind === "removed").map((r) => r.text)).toEqual(["seesaw"]);
    expect(f.alt!.filter((r) => r.kind === "added").map((r) => r.text)).toEqual(["see-saw"]);
    expect(kinds(f.caption!)).toEqual(["same", "removed", "added", "same"]);
    expect(f.caption!.find((r) => r.kind === "removed")?.text).toBe("move");
    expect(f.caption!.find((r) => r.kind === "added")?.text).toBe("retreat");
    expect(summaryTexts(d)).toContain("Figure text changed");
  });

  it("diffs a caption added to a figure that had none", () => {
    const bare = edit(full, (m) => void delete (m.figure as Fig).caption);
    const f = fieldChange(diff(bare, full), "figure", "figure");
    expect(f.alt).toBeNull();
    expect(f.caption).toEqual([{ kind: "added", text: figureOf(full).caption }]);
  });
});

describe("compareArticles: media depictions", () => {
  it("reports an entry added and removed", () => {
    const added = diff(
      full,
      edit(full, (m) => void (m.media.literature = [{ title: "A Novel", year: 1999 }])),
    );
    const f = fieldChange(added, "media", "media");
    expect(f.added).toEqual([{ group: "literature", title: "A Novel", year: 1999 }]);
    expect(f.removed).toEqual([]);
    expect(f.changed).toEqual([]);
    expect(summaryTexts(added)).toContain("1 depiction added");
    const removed = diff(
      full,
      edit(full, (m) => void delete m.media.television),
    );
    expect(fieldChange(removed, "media", "media")).toMatchObject({
      added: [],
      removed: [{ group: "television", title: "1984", years: "2001–2004" }],
      changed: [],
    });
    expect(summaryTexts(removed)).toContain("1 depiction removed");
  });

  it("reports a changed note and a changed year as changes of the same entry", () => {
    const d = diff(
      full,
      edit(full, (m) => {
        const film = m.media.film![0]!;
        film.note = "Another sentence on how it depicts the topic.";
        film.year = 2010;
      }),
    );
    const f = fieldChange(d, "media", "media");
    expect(f.added).toEqual([]);
    expect(f.removed).toEqual([]);
    expect(f.changed).toEqual([
      {
        before: { group: "film", title: "Film title", year: 2009, note: "One sentence on how it depicts the topic." },
        after: { group: "film", title: "Film title", year: 2010, note: "Another sentence on how it depicts the topic." },
      },
    ]);
    expect(summaryTexts(d)).toContain("1 depiction changed");
  });

  it("treats the same title moved to another kind of media as one removed and one added", () => {
    const d = diff(
      full,
      edit(full, (m) => {
        m.media.literature = m.media.film;
        delete m.media.film;
      }),
    );
    const f = fieldChange(d, "media", "media");
    expect(f.removed.map((e) => e.group)).toEqual(["film"]);
    expect(f.added.map((e) => e.group)).toEqual(["literature"]);
  });
});

describe("compareArticles: sources", () => {
  type Citation = ArticleMeta["sources"][number];

  it("reports a source added and removed, as citations", () => {
    const extra: Citation = { author: "Bowlby, J.", year: 1969, title: "Attachment and Loss", venue: "Basic Books" };
    const added = diff(
      full,
      edit(full, (m) => void m.sources.push(extra)),
    );
    expect(fieldChange(added, "sources", "sources")).toMatchObject({ added: [extra], removed: [], changed: [], reordered: false });
    expect(summaryTexts(added)).toContain("1 source added");
    const removed = diff(
      full,
      edit(full, (m) => void m.sources.splice(1, 1)),
    );
    const f = fieldChange(removed, "sources", "sources");
    expect(f.removed.map((s) => s.author)).toEqual(["Christensen, A., & Heavey, C. L."]);
    expect(f).toMatchObject({ added: [], changed: [], reordered: false });
    expect(summaryTexts(removed)).toContain("1 source removed");
  });

  it("lists the changed fields of a changed source", () => {
    const d = diff(
      full,
      edit(full, (m) => {
        const s = m.sources[1]!;
        s.venue = "Journal of Personality and Social Psychology, 59(1), 73–82";
        s.url = "https://example.org/christensen";
      }),
    );
    const f = fieldChange(d, "sources", "sources");
    expect(f.added).toEqual([]);
    expect(f.removed).toEqual([]);
    expect(f.changed).toHaveLength(1);
    expect(f.changed[0]!.fields).toEqual(["venue", "url"]);
    expect(f.changed[0]!.before.venue).toMatch(/73–81$/);
    expect(f.changed[0]!.after.venue).toMatch(/73–82$/);
    expect(summaryTexts(d)).toContain("1 source changed");
  });

  it("matches a source by its DOI when its title, author and year all change", () => {
    const f = fieldChange(
      diff(
        full,
        edit(full, (m) => {
          const s = m.sources[0]!;
          s.title = "Romantic love conceptualised as an attachment process";
          s.author = "Hazan, Cindy, & Shaver, Phillip";
          s.year = 1988;
        }),
      ),
      "sources",
      "sources",
    );
    expect(f.added).toEqual([]);
    expect(f.removed).toEqual([]);
    expect(f.changed.map((c) => c.fields)).toEqual([["author", "year", "title"]]);
  });

  it("matches a DOI written in another case, with a new title, as the same source", () => {
    const source = seed("catfishing");
    const d = diff(
      source,
      edit(source, (m) => {
        const s = m.sources[1]!;
        expect(s.doi).toBe("10.1093/bjc/azt009");
        s.doi = "10.1093/BJC/AZT009";
        s.title = "The scammers' persuasive techniques model";
      }),
    );
    const f = fieldChange(d, "sources", "sources");
    expect(f.added).toEqual([]);
    expect(f.removed).toEqual([]);
    expect(f.changed.map((c) => c.fields)).toEqual([["title", "doi"]]);
  });

  it("matches a source without a DOI by author, year and title, ignoring case and punctuation", () => {
    const d = diff(
      full,
      edit(full, (m) => {
        const s = m.sources[1]!;
        s.title = "Gender and social structure in the demand-withdraw pattern of marital conflict.";
        s.venue = "JPSP";
      }),
    );
    const f = fieldChange(d, "sources", "sources");
    expect(f.added).toEqual([]);
    expect(f.removed).toEqual([]);
    expect(f.changed.map((c) => c.fields)).toEqual([["title", "venue"]]);
  });

  it("matches a source by author, year and title when a DOI is added to it", () => {
    const f = fieldChange(
      diff(
        full,
        edit(full, (m) => void (m.sources[1]!.doi = "10.1037/0022-3514.59.1.73")),
      ),
      "sources",
      "sources",
    );
    expect(f.added).toEqual([]);
    expect(f.removed).toEqual([]);
    expect(f.changed.map((c) => c.fields)).toEqual([["doi"]]);
  });

  it("treats a source without a DOI whose title changed (same author and year) as that source changed", () => {
    const f = fieldChange(
      diff(
        full,
        edit(full, (m) => void (m.sources[2]!.title = "A different pamphlet")),
      ),
      "sources",
      "sources",
    );
    expect(f.removed).toEqual([]);
    expect(f.added).toEqual([]);
    expect(f.changed.map((c) => [c.before.title, c.after.title, c.fields])).toEqual([["An undated pamphlet", "A different pamphlet", ["title"]]]);
  });

  it("treats a source without a DOI whose author, year and title all changed as one removed and one added", () => {
    const f = fieldChange(
      diff(
        full,
        edit(full, (m) => void Object.assign(m.sources[2]!, { author: "Someone Else", year: 2001, title: "A different pamphlet" })),
      ),
      "sources",
      "sources",
    );
    expect(f.removed.map((s) => s.title)).toEqual(["An undated pamphlet"]);
    expect(f.added.map((s) => s.title)).toEqual(["A different pamphlet"]);
    expect(f.changed).toEqual([]);
  });

  it("reports a reordered list with no other change as reordered only", () => {
    const d = diff(
      full,
      edit(full, (m) => void m.sources.reverse()),
    );
    const f = fieldChange(d, "sources", "sources");
    expect(f).toMatchObject({ added: [], removed: [], changed: [], reordered: true });
    expect(summaryTexts(d)).toContain("Sources reordered");
  });

  it("reports nothing when a source's fields are only written in another order", () => {
    const reordered = full.replace(
      "  - author: Anonymous\n    year: n.d.\n    title: An undated pamphlet\n",
      "  - title: An undated pamphlet\n    year: n.d.\n    author: Anonymous\n",
    );
    expect(reordered).not.toBe(full);
    expect(summaryTexts(diff(full, reordered))).toEqual(["No change to the article"]);
  });

  it("matches the sources of a seed article when one is dropped and one edited", () => {
    const source = seed("ghosting");
    const before = parsed(source).meta.sources;
    const d = diff(
      source,
      edit(source, (m) => {
        m.sources.splice(0, 1);
        m.sources[0]!.venue = "Another venue";
      }),
    );
    const f = fieldChange(d, "sources", "sources");
    expect(f.removed).toEqual([before[0]]);
    expect(f.added).toEqual([]);
    expect(f.changed.map((c) => c.fields)).toEqual([["venue"]]);
    expect(f.reordered).toBe(false);
  });
});

// ---------------------------------------------------------------- prose

const paragraphs = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix} paragraph number ${i + 1} describes one more aspect of the topic in plain words.`);
const frontMatter = "---\ntitle: Test Article\nsummary: A short summary.\ncategory: [Relationships]\n---\n";
const article = (body: string) => `${frontMatter}${body}\n`;
const sectionNamed = (d: OkDiff, title: string | null) => {
  const s = d.sections.find((x) => (x.after ?? x.before)?.title === title);
  if (!s) throw new Error(`no section ${title}`);
  return s;
};

describe("compareArticles: sections", () => {
  const body = [
    "The lead paragraph.",
    "## History",
    "Early research on the pattern.",
    "## Psychology",
    "Why the pattern happens.",
    "## FAQs",
    "### A question?",
    "An answer.",
  ].join("\n\n");
  const base = article(body);

  it("finds a section added, with every paragraph added, and its place", () => {
    const d = diff(base, article(body.replace("## FAQs", "## Biology\n\nHormones and heart rate.\n\nA second paragraph on the body.\n\n## FAQs")));
    const s = sectionNamed(d, "Biology");
    expect(s.status).toBe("added");
    expect(s.before).toBeNull();
    expect(s.paragraphs.map((p) => p.kind)).toEqual(["added", "added"]);
    expect(d.sections.map((x) => x.after?.title)).toEqual([null, "History", "Psychology", "Biology", "FAQs"]);
    expect(d.sections.filter((x) => x.status !== "same")).toEqual([s]);
    expect(d.sections.some((x) => x.moved)).toBe(false);
    expect(summaryTexts(d)).toEqual(["Title unchanged", "Section “Biology” added (2 paragraphs)"]);
  });

  it("finds a section removed and shows it where it stood", () => {
    const d = diff(base, article(body.replace("## Psychology\n\nWhy the pattern happens.\n\n", "")));
    expect(d.sections.map((x) => [x.status, (x.after ?? x.before)?.title])).toEqual([
      ["same", null],
      ["same", "History"],
      ["removed", "Psychology"],
      ["same", "FAQs"],
    ]);
    const s = sectionNamed(d, "Psychology");
    expect(s.paragraphs).toMatchObject([{ kind: "removed", block: { text: "Why the pattern happens." } }]);
    expect(s.words).toEqual({ added: 0, removed: 4 });
    expect(d.sections.some((x) => x.moved)).toBe(false);
    expect(summaryTexts(d)).toEqual(["Title unchanged", "Section “Psychology” removed (1 paragraph)"]);
  });

  it("finds a section moved, content unchanged", () => {
    const moved = [
      "The lead paragraph.",
      "## Psychology",
      "Why the pattern happens.",
      "## History",
      "Early research on the pattern.",
      "## FAQs",
      "### A question?",
      "An answer.",
    ].join("\n\n");
    const d = diff(base, article(moved));
    expect(d.sections.every((x) => x.status === "same" && !x.renamed)).toBe(true);
    const movedOnes = d.sections.filter((x) => x.moved);
    expect(movedOnes).toHaveLength(1);
    expect(["History", "Psychology"]).toContain(movedOnes[0]?.after?.title);
    expect(summaryTexts(d)).toEqual(["Title unchanged", `Section “${movedOnes[0]?.after?.title}” (moved)`]);
  });

  it("finds a section renamed, content the same", () => {
    const d = diff(base, article(body.replace("## Psychology", "## Mechanisms")));
    const s = sectionNamed(d, "Mechanisms");
    expect(s).toMatchObject({ status: "same", renamed: true, moved: false });
    expect(s.before?.title).toBe("Psychology");
    expect(d.sections).toHaveLength(4);
    expect(summaryTexts(d)).toEqual(["Title unchanged", "Section “Mechanisms” (renamed from “Psychology”)"]);
  });

  it("finds a section renamed with its content slightly edited", () => {
    const source = seed("stonewalling");
    const d = diff(
      source,
      edit(source, (_m, b) => b.replace("## Psychology", "## Psychological mechanisms").replace("often called flooding", "commonly called flooding")),
    );
    const s = sectionNamed(d, "Psychological mechanisms");
    expect(s).toMatchObject({ status: "changed", renamed: true });
    expect(s.before?.title).toBe("Psychology");
    expect(touched(s).map((p) => p.kind)).toEqual(["changed"]);
    expect(d.sections.filter((x) => x.status === "added" || x.status === "removed")).toEqual([]);
    expect(summaryTexts(d).some((t) => t.startsWith("1 paragraph changed in “Psychological mechanisms” (renamed from “Psychology”)"))).toBe(true);
  });

  it("does not hide a heading whose only change is its letter case", () => {
    const d = diff(base, article(body.replace("## History", "## HISTORY")));
    expect(summaryTexts(d)).not.toEqual(["No change to the article"]);
    expect(changedLines(d).length).toBeGreaterThan(0);
  });

  it("shows a paragraph edited just after a new paragraph was inserted before it as a change, not removed and re-added", () => {
    const before = article(
      ["The lead paragraph.", "## History", "Early research on the pattern was observational.", "The cat sat on the mat while the couple argued."].join("\n\n"),
    );
    const after = article(
      [
        "The lead paragraph.",
        "## History",
        "Early research on the pattern was observational.",
        "Something entirely new is said here.",
        "The cat sat on the rug while the couple argued.",
      ].join("\n\n"),
    );
    const s = sectionNamed(diff(before, after), "History");
    expect(
      touched(s)
        .map((p) => p.kind)
        .sort(),
    ).toEqual(["added", "changed"]);
  });

  it("treats a renamed section with entirely new content as one removed and one added", () => {
    const d = diff(base, article(body.replace("## Psychology\n\nWhy the pattern happens.", "## Culture\n\nDifferent societies see silence differently.")));
    expect(sectionNamed(d, "Psychology").status).toBe("removed");
    expect(sectionNamed(d, "Culture").status).toBe("added");
  });

  it("folds the unchanged paragraphs of a changed section and shows only the changed one", () => {
    const many = paragraphs(10, "History");
    const before = article(["The lead paragraph.", "## History", ...many].join("\n\n"));
    const edited = [...many];
    edited[4] = edited[4]!.replace("one more aspect", "a further side");
    const d = diff(before, article(["The lead paragraph.", "## History", ...edited].join("\n\n")));
    const s = sectionNamed(d, "History");
    expect(s.status).toBe("changed");
    expect(s.paragraphs.map((p) => p.kind)).toEqual(["same", "changed", "same"]);
    const [first, changed, last] = s.paragraphs as [
      Extract<ParagraphChange, { kind: "same" }>,
      Extract<ParagraphChange, { kind: "changed" }>,
      Extract<ParagraphChange, { kind: "same" }>,
    ];
    expect(first.blocks.map((b) => b.text)).toEqual(many.slice(0, 4));
    expect(last.blocks.map((b) => b.text)).toEqual(many.slice(5));
    expect(changed.before.text).toBe(many[4]);
    expect(changed.after.text).toBe(edited[4]);
    expect(sectionNamed(d, null).status).toBe("same");
    expect(summaryTexts(d)).toEqual(["Title unchanged", "1 paragraph changed in “History”, +3/−3 words"]);
  });

  it("finds a paragraph added and one removed inside a section", () => {
    const many = paragraphs(6, "Body");
    const before = article(["The lead paragraph.", "## History", ...many].join("\n\n"));
    const inserted = [...many.slice(0, 2), "A wholly new thought about silence appears here.", ...many.slice(2)];
    const added = diff(before, article(["The lead paragraph.", "## History", ...inserted].join("\n\n")));
    const s = sectionNamed(added, "History");
    expect(s.paragraphs.map((p) => p.kind)).toEqual(["same", "added", "same"]);
    expect(s.paragraphs[1]).toMatchObject({ kind: "added", block: { text: "A wholly new thought about silence appears here." } });
    expect(summaryTexts(added)).toEqual(["Title unchanged", "1 paragraph added in “History”, +8/−0 words"]);

    const dropped = [...many.slice(0, 3), ...many.slice(4)];
    const removed = diff(before, article(["The lead paragraph.", "## History", ...dropped].join("\n\n")));
    const r = sectionNamed(removed, "History");
    expect(r.paragraphs.map((p) => p.kind)).toEqual(["same", "removed", "same"]);
    expect(r.paragraphs[1]).toMatchObject({ kind: "removed", block: { text: many[3] } });
    expect(summaryTexts(removed)[1]).toMatch(/^1 paragraph removed in “History”, \+0\/−\d+ words$/);
  });

  it("on a seed article, a section moved and a paragraph deleted elsewhere are both found", () => {
    const source = seed("stonewalling");
    const after = edit(source, (_m, b) => {
      const sections = splitSections(b);
      const bio = sections.findIndex((s) => s.title === "Biology");
      const [biology] = sections.splice(bio, 1);
      sections.splice(sections.length - 1, 0, biology!);
      const psychology = sections.find((s) => s.title === "Psychology")!;
      psychology.blocks.splice(1, 1);
      return joinSections(sections);
    });
    const d = diff(source, after);
    expect(d.sections.filter((s) => s.moved).map((s) => s.after?.title)).toEqual(["Biology"]);
    expect(touched(sectionNamed(d, "Psychology")).map((p) => p.kind)).toEqual(["removed"]);
    expect(d.sections.filter((s) => s.status !== "same").map((s) => s.after?.title)).toEqual(["Psychology"]);
  });
});

// ---------------------------------------------------------------- word runs

const runsOf = (before: string, after: string): DiffPart[] =>
  groupRuns(diffWordsWithSpace(before, after).map((c) => ({ kind: c.added ? "added" : c.removed ? "removed" : "same", text: c.value })));

describe("groupRuns", () => {
  const stonewallingSentence = "A stonewalling partner may look away, fall silent, give only minimal replies, busy themselves with something else or leave.";

  it("turns a rewritten clause into one removed run followed by one added run", () => {
    const before = `Some context first. ${stonewallingSentence} Some context after.`;
    const after =
      "Some context first. Acceptance runs out quickly, and the partner may stare at a screen, answer in monosyllables or walk out. Some context after.";
    const runs = runsOf(before, after);
    expect(kinds(runs)).toEqual(["same", "removed", "added", "same"]);
    expect(newText(runs)).toBe(after);
    expect(oldText(runs)).toBe(before);
  });

  it("does not alternate words when a phrase is replaced word for word around a kept word", () => {
    const runs = runsOf("a quick brown fox jumps", "a slow red fox leaps");
    expect(runs).toEqual([
      { kind: "same", text: "a " },
      { kind: "removed", text: "quick brown fox jumps" },
      { kind: "added", text: "slow red fox leaps" },
    ]);
  });

  it("keeps two edits far apart in one paragraph as two runs", () => {
    const before =
      "Stonewalling is a pattern in which a person withdraws from an interaction during conflict, ceasing to respond in any meaningful way to what the other says.";
    const after =
      "Stonewalling is a habit in which a person withdraws from an interaction during conflict, ceasing to respond in any useful way to what the other says.";
    const runs = runsOf(before, after);
    expect(kinds(runs)).toEqual(["same", "removed", "added", "same", "removed", "added", "same"]);
    expect(runs.filter((r) => r.kind !== "same").map((r) => r.text)).toEqual(["pattern", "habit", "meaningful", "useful"]);
  });

  it("leaves parts untouched when there is no change, and handles an empty list", () => {
    expect(groupRuns([])).toEqual([]);
    expect(groupRuns([{ kind: "same", text: "all the same" }])).toEqual([{ kind: "same", text: "all the same" }]);
  });

  it("folds a whitespace-only gap between two changes into one run", () => {
    const parts: DiffPart[] = [
      { kind: "same", text: "x " },
      { kind: "removed", text: "a" },
      { kind: "added", text: "b" },
      { kind: "same", text: " " },
      { kind: "removed", text: "c" },
      { kind: "added", text: "d" },
      { kind: "same", text: " y" },
    ];
    expect(groupRuns(parts)).toEqual([
      { kind: "same", text: "x " },
      { kind: "removed", text: "a c" },
      { kind: "added", text: "b d" },
      { kind: "same", text: " y" },
    ]);
  });

  it("does not fold a gap of three words or more", () => {
    const parts: DiffPart[] = [
      { kind: "removed", text: "one two three four" },
      { kind: "added", text: "five six seven eight" },
      { kind: "same", text: " kept words here " },
      { kind: "removed", text: "nine ten eleven twelve" },
      { kind: "added", text: "x" },
    ];
    expect(kinds(groupRuns(parts))).toEqual(["removed", "added", "same", "removed", "added"]);
  });

  it("property: same + added gives the new text, same + removed the old, and removed always precedes added in a run", () => {
    const word = fc.constantFrom(
      "the",
      "a",
      "partner",
      "withdraws",
      "silence",
      "conflict",
      "may",
      "or",
      "and",
      "look",
      "away",
      ",",
      ".",
      "flooding",
      "Gottman",
    );
    const sentence = fc.array(word, { minLength: 0, maxLength: 30 }).map((ws) => ws.join(" "));
    fc.assert(
      fc.property(sentence, sentence, (before, after) => {
        const runs = runsOf(before, after);
        expect(newText(runs)).toBe(after);
        expect(oldText(runs)).toBe(before);
        runs.forEach((r, i) => {
          expect(r.text).not.toBe("");
          const next = runs[i + 1];
          if (next) expect(next.kind === r.kind).toBe(false);
          if (r.kind === "added" && next) expect(next.kind).toBe("same");
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("compareArticles: word runs inside paragraphs", () => {
  it("gives one removed and one added run for a rewritten clause, and the runs rebuild both paragraphs", () => {
    const source = seed("stonewalling");
    const sentence = "A stonewalling partner may look away, fall silent, give only minimal replies, busy themselves with something else or leave.";
    expect(parsed(source).body).toContain(sentence);
    const after = edit(source, (_m, b) =>
      b.replace(sentence, "Acceptance runs out quickly, and the partner may stare at a screen, answer in monosyllables or walk out."),
    );
    const d = diff(source, after);
    const changed = d.sections.flatMap((s) => s.paragraphs).filter((p): p is Extract<ParagraphChange, { kind: "changed" }> => p.kind === "changed");
    expect(changed).toHaveLength(1);
    const p = changed[0]!;
    expect(kinds(p.runs)).toEqual(["same", "removed", "added", "same"]);
    expect(newText(p.runs)).toBe(p.after.text);
    expect(oldText(p.runs)).toBe(p.before.text);
    expect(p.whole).toBe(false);
  });

  it("keeps two edits far apart in one paragraph of a seed article as two runs", () => {
    const source = seed("stonewalling");
    const after = edit(source, (_m, b) =>
      b
        .replace("withdraws from an interaction", "retreats from an interaction")
        .replace("which is where the term comes from", "which is where the word comes from"),
    );
    const runs = allRuns(diff(source, after));
    expect(runs.filter((r) => r.kind === "removed").map((r) => r.text)).toEqual(["withdraws", "term"]);
    expect(runs.filter((r) => r.kind === "added").map((r) => r.text)).toEqual(["retreats", "word"]);
  });
});

// ---------------------------------------------------------------- whole-article cases

describe("compareArticles: line endings and trailing spaces", () => {
  it.each(["stonewalling", "catfishing", "attachment-styles"])("finds no change in %s written with CRLF and trailing spaces", (name) => {
    const source = seed(name);
    const lines = source.split("\n");
    // A trailing space or tab on every line, and three spaces on lines before a blank one (not a Markdown hard break).
    const messy = lines.map((line, i) => (line === "" ? "  " : (lines[i + 1] ?? "") === "" ? `${line}   ` : `${line}${i % 2 ? " " : "\t"}`)).join("\r\n");
    expect(messy).toContain("\r\n");
    expect(summaryTexts(diff(source, messy))).toEqual(["No change to the article"]);
    expect(summaryTexts(diff(messy, source))).toEqual(["No change to the article"]);
    expect(diff(messy, source).fields).toEqual([]);
  });
});

describe("compareArticles: a one-sentence edit of a seed article", () => {
  it.each(["stonewalling", "limerence", "ghosting"])("in %s, shows one changed paragraph as one removed and one added run, nothing else", (name) => {
    const source = seed(name);
    const body = parsed(source).body;
    // A sentence of the lead's first paragraph after the first that cites nothing (a changed citation would be a second
    // change), replaced by one of the same length.
    const first = splitSections(body)[0]!.blocks[0]!.text;
    const sentences = first.split(/(?<=\.) /);
    expect(sentences.length).toBeGreaterThan(1);
    const old = sentences.slice(1).find((s) => !s.includes("[@"))!;
    expect(old).toBeDefined();
    const replacement = `Acceptance ${"x".repeat(Math.max(1, old.length - "Acceptance ".length - 1))}.`;
    const after = source.replace(old, replacement);
    expect(after).not.toBe(source);
    const d = diff(source, after.replace(/\n/g, "\r\n"));
    const texts = summaryTexts(d);
    expect(texts).toContain("Title unchanged");
    // The article's standing "citation needed" count is a line of its own, not a change.
    const marks = (source.match(/\[citation needed\]/gi) ?? []).length;
    const marked = texts.filter((t) => / marked “citation needed”$/.test(t));
    expect(marked).toEqual(marks ? [`${marks} claim${marks === 1 ? "" : "s"} marked “citation needed”`] : []);
    expect(
      texts.filter((t) => t !== "Title unchanged" && !marked.includes(t)),
      texts.join(" / "),
    ).toHaveLength(1);
    expect(texts.some((t) => t.startsWith("1 paragraph changed in “Lead”"))).toBe(true);
    expect(d.fields).toEqual([]);
    const runs = allRuns(d);
    expect(runs.filter((r) => r.kind === "removed")).toHaveLength(1);
    expect(runs.filter((r) => r.kind === "added")).toHaveLength(1);
    // Both sentences end with a full stop, which stays as unchanged text after the runs.
    const bare = (t: string | undefined) => t?.trim().replace(/\.$/, "");
    expect(bare(runs.find((r) => r.kind === "removed")?.text)).toBe(bare(old));
    expect(bare(runs.find((r) => r.kind === "added")?.text)).toBe(bare(replacement));
  });
});

describe("compareArticles: sources that do not parse", () => {
  const broken = "title: no front matter here\n\nJust text.";

  it("returns the raw diff and says which version is unreadable", () => {
    const good = seed("stonewalling");
    const after = compareArticles(good, broken, BUDGET);
    expect(after.ok).toBe(false);
    if (after.ok) return;
    expect(after.reason).toMatch(/^The proposed version cannot be read as an article/);
    expect(after.raw.parts.length).toBeGreaterThan(0);
    expect(
      after.raw.parts
        .filter((p) => p.kind !== "removed")
        .map((p) => p.text)
        .join(""),
    ).toBe(`${broken}\n`);

    const before = compareArticles(broken, good, BUDGET);
    expect(before.ok).toBe(false);
    if (!before.ok) expect(before.reason).toMatch(/^The earlier version/);
    const neither = compareArticles(broken, `${broken} again`, BUDGET);
    expect(neither.ok).toBe(false);
    if (!neither.ok) expect(neither.reason).toMatch(/^Neither version/);
  });

  it("also refuses front matter that is valid YAML but not a valid article", () => {
    const d = compareArticles(full, full.replace("category: [Relationships, Attachment Style]\n", ""), BUDGET);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.raw.parts.some((p) => p.kind === "removed" && p.text.includes("category"))).toBe(true);
  });
});

describe("compareArticles: a new article", () => {
  it("marks every section added, and the summary lists them", () => {
    const source = seed("stonewalling");
    const d = diff(null, source);
    const sections = splitSections(parsed(source).body);
    expect(d.sections).toHaveLength(sections.length);
    expect(d.sections.every((s) => s.status === "added" && s.before === null && s.paragraphs.every((p) => p.kind === "added"))).toBe(true);
    const texts = summaryTexts(d);
    expect(texts).not.toContain("Title unchanged");
    expect(texts).toContain("Title changed");
    for (const s of sections)
      expect(texts).toContain(`Section “${s.title ?? "Lead"}” added (${s.blocks.length} ${s.blocks.length === 1 ? "paragraph" : "paragraphs"})`);
    expect(afterSide(d, parsed(source).meta).body).toBe(joinSections(sections));
  });
});

describe("changedLines", () => {
  const linesOf = (body: string, [start, end]: [number, number]) =>
    body
      .split("\n")
      .slice(start - 1, end)
      .join("\n");

  it("points at the changed paragraph of the new body", () => {
    const source = seed("stonewalling");
    const after = edit(source, (_m, b) => b.replace("often called flooding", "commonly called flooding"));
    const d = diff(source, after);
    const lines = changedLines(d);
    expect(lines).toHaveLength(1);
    const text = linesOf(parsed(after).body, lines[0]!);
    expect(text).toContain("commonly called flooding");
    expect(text.startsWith("Gottman's research linked stonewalling")).toBe(true);
  });

  it("points at an added section's heading and paragraphs, an added paragraph and a renamed heading", () => {
    const before = article(
      ["The lead paragraph.", "## History", ...paragraphs(4, "History"), "## Psychology", "Why the pattern happens.", "## FAQs", "An answer."].join("\n\n"),
    );
    const body = [
      "The lead paragraph.",
      "## History",
      ...paragraphs(2, "History"),
      "An inserted paragraph with new words.",
      ...paragraphs(4, "History").slice(2),
      "## Mechanisms",
      "Why the pattern happens.",
      "## Biology",
      "Heart rate rises.",
      "- a list item\n- another item",
      "## FAQs",
      "An answer.",
    ].join("\n\n");
    const d = diff(before, article(body));
    const marked = changedLines(d).map((range) => linesOf(body, range));
    expect(marked).toEqual(["An inserted paragraph with new words.", "## Mechanisms", "## Biology", "Heart rate rises.", "- a list item\n- another item"]);
  });

  it("is empty when nothing changed or only a field changed", () => {
    const source = seed("stonewalling");
    expect(changedLines(diff(source, source))).toEqual([]);
    expect(
      changedLines(
        diff(
          source,
          edit(source, (m) => void (m.title = "Stonewalling (psychology)")),
        ),
      ),
    ).toEqual([]);
  });
});

// ---------------------------------------------------------------- afterSide, property-based

type Sections = ReturnType<typeof splitSections>;
type Op = (meta: ArticleMeta, sections: Sections) => void;

const wordArb = fc.stringMatching(/^[a-z]{3,9}$/);
const sentenceArb = fc.array(wordArb, { minLength: 3, maxLength: 12 }).map((ws) => `${ws.join(" ")}.`);
const prose = (sections: Sections) => sections.flatMap((s, si) => s.blocks.map((b, bi) => ({ si, bi, b }))).filter(({ b }) => !b.text.startsWith("#"));

const opArb: fc.Arbitrary<{ name: string; op: Op }> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(), wordArb).map(([p, w, word]) => ({
    name: `replace word ${w} of paragraph ${p} with ${word}`,
    op: (_m: ArticleMeta, sections: Sections) => {
      const all = prose(sections);
      const target = all[p % all.length];
      if (!target) return;
      const tokens = target.b.text.split(" ");
      const plain = tokens.map((t, i) => [t, i] as const).filter(([t]) => /^[A-Za-z]+$/.test(t));
      const hit = plain[w % Math.max(1, plain.length)];
      if (!hit) return;
      tokens[hit[1]] = word;
      target.b.text = tokens.join(" ");
    },
  })),
  fc.nat().map((p) => ({
    name: `delete paragraph ${p}`,
    op: (_m: ArticleMeta, sections: Sections) => {
      const all = prose(sections).filter(({ si }) => si > 0 || (sections[0]?.blocks.length ?? 0) > 1);
      const target = all[p % Math.max(1, all.length)];
      if (target) sections[target.si]?.blocks.splice(target.bi, 1);
    },
  })),
  fc.tuple(fc.nat(), fc.nat(), sentenceArb).map(([s, at, text]) => ({
    name: `insert a paragraph in section ${s} at ${at}`,
    op: (_m: ArticleMeta, sections: Sections) => {
      const section = sections[s % sections.length]!;
      section.blocks.splice(at % (section.blocks.length + 1), 0, { text, startLine: 0, endLine: 0 });
    },
  })),
  fc.tuple(fc.nat(), fc.nat()).map(([x, y]) => ({
    name: `swap sections ${x} and ${y}`,
    op: (_m: ArticleMeta, sections: Sections) => {
      if (sections.length < 3) return;
      const i = 1 + (x % (sections.length - 1));
      const j = 1 + (y % (sections.length - 1));
      [sections[i], sections[j]] = [sections[j]!, sections[i]!];
    },
  })),
  fc.tuple(fc.nat(), fc.array(wordArb, { minLength: 1, maxLength: 3 })).map(([x, words]) => ({
    name: `rename section ${x} to ${words.join(" ")}`,
    op: (_m: ArticleMeta, sections: Sections) => {
      if (sections.length < 2) return;
      const section = sections[1 + (x % (sections.length - 1))]!;
      const title = words.join(" ");
      section.title = title;
      section.heading = { text: `## ${title}`, startLine: 0, endLine: 0 };
    },
  })),
  fc.tuple(wordArb, wordArb).map(([a, b]) => ({
    name: `add alias ${a} ${b}`,
    op: (m: ArticleMeta) =>
      void (m.aliases.length < 20 && !m.aliases.some((n) => n.name.toLowerCase() === `${a} ${b}`.toLowerCase()) && m.aliases.push({ name: `${a} ${b}` })),
  })),
  fc.tuple(fc.nat(), fc.constantFrom(undefined, ...termTypes)).map(([i, type]) => ({
    name: `give alias ${i} the kind ${type ?? "none"}`,
    op: (m: ArticleMeta) => {
      const n = m.aliases[i % Math.max(1, m.aliases.length)];
      if (n) m.aliases[i % m.aliases.length] = type ? { name: n.name, type } : { name: n.name };
    },
  })),
  fc.nat().map((i) => ({ name: `remove alias ${i}`, op: (m: ArticleMeta) => void (m.aliases.length && m.aliases.splice(i % m.aliases.length, 1)) })),
  fc.nat().map((i) => ({ name: `reverse aliases (${i})`, op: (m: ArticleMeta) => void m.aliases.reverse() })),
  fc.tuple(fc.nat(), sentenceArb).map(([i, value]) => ({
    name: `change infobox value ${i}`,
    op: (m: ArticleMeta) => {
      const row = m.infobox[i % Math.max(1, m.infobox.length)];
      if (row) row.value = value;
    },
  })),
  fc.nat().map((i) => ({ name: `remove infobox row ${i}`, op: (m: ArticleMeta) => void (m.infobox.length && m.infobox.splice(i % m.infobox.length, 1)) })),
  // Only a source without a key: a keyed one may be cited in the text, and removing it alone would not parse.
  fc.nat().map((i) => ({
    name: `drop source ${i}`,
    op: (m: ArticleMeta) => {
      const unkeyed = m.sources.filter((s) => !s.key);
      const drop = unkeyed[i % Math.max(1, unkeyed.length)];
      if (drop) m.sources.splice(m.sources.indexOf(drop), 1);
    },
  })),
  fc.tuple(fc.nat(), sentenceArb).map(([i, title]) => ({
    name: `retitle source ${i}`,
    op: (m: ArticleMeta) => {
      const s = m.sources[i % Math.max(1, m.sources.length)];
      if (s) s.title = title;
    },
  })),
  fc.constant({ name: "reverse sources", op: ((m) => void m.sources.reverse()) as Op }),
  fc.constant({ name: "toggle sensitive", op: ((m) => void (m.sensitive = !m.sensitive)) as Op }),
  fc.array(wordArb, { minLength: 1, maxLength: 4 }).map((ws) => ({ name: `retitle ${ws.join(" ")}`, op: ((m) => void (m.title = ws.join(" "))) as Op })),
  sentenceArb.map((s) => ({ name: "change summary", op: ((m) => void (m.summary = s)) as Op })),
  sentenceArb.map((s) => ({ name: "change figure caption", op: ((m) => void (m.figure && (m.figure.caption = s))) as Op })),
  fc.constant({ name: "remove figure", op: ((m) => void delete m.figure) as Op }),
  fc.constant({ name: "remove a related article", op: ((m) => void m.related.pop()) as Op }),
  fc.constant({ name: "add a category", op: ((m) => void (m.category.length < 4 && !m.category.includes("Testing") && m.category.push("Testing"))) as Op }),
  sentenceArb.map((note) => ({
    name: "change or remove a media note",
    op: ((m) => {
      const film = m.media.film?.[0] ?? m.media.literature?.[0];
      if (film) film.note = note;
    }) as Op,
  })),
  fc.constant({
    name: "add a media entry",
    op: ((m) => void (m.media.television = [...(m.media.television ?? []), { title: "A Series", years: "2001–2003" }])) as Op,
  }),
);

describe("afterSide: the diff's after side rebuilds the new article", () => {
  it("property: for random edits to seed articles, afterSide(diff, beforeMeta) is the parsed new article", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(opArb, { minLength: 1, maxLength: 6 }), (s, ops) => {
        const before = parsed(s.source);
        const meta = structuredClone(before.meta);
        const sections = splitSections(before.body);
        for (const { op } of ops) op(meta, sections);
        const newSource = serializeArticleSource(meta, joinSections(sections));
        const next = parsed(newSource);
        const d = diff(s.source, newSource);
        const rebuilt = afterSide(d, before.meta);
        expect(rebuilt.meta).toEqual(next.meta);
        expect(rebuilt.body).toBe(joinSections(splitSections(next.body)));
        // Every changed paragraph's runs give its two texts back.
        for (const sec of d.sections)
          for (const p of sec.paragraphs)
            if (p.kind === "changed") {
              expect(newText(p.runs)).toBe(p.after.text);
              expect(oldText(p.runs)).toBe(p.before.text);
            }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it("rebuilds the new article of a CRLF proposal whose only change is the infobox", () => {
    const source = seed("stonewalling");
    const after = edit(source, (m) => void (m.infobox[0]!.value = "John M. Gottman"));
    const d = diff(source, after.replace(/\n/g, "\r\n"));
    const rebuilt = afterSide(d, parsed(source).meta);
    expect(rebuilt.meta).toEqual(parsed(after).meta);
    expect(rebuilt.body).toBe(joinSections(splitSections(parsed(after).body)));
  });

  it("rebuilds the new article when a media group is emptied or added empty", () => {
    const withEmpty = full.replace("sources:\n", "  literature: []\nsources:\n");
    // The parser reads an empty group as no group, so the two versions are the same article.
    expect(parsed(withEmpty).meta.media).toEqual(parsed(full).meta.media);
    expect(diff(full, withEmpty).summary.map((item) => item.text)).toEqual(["No change to the article"]);
    for (const [a, b] of [
      [full, withEmpty],
      [withEmpty, full],
    ] as const) {
      const d = diff(a, b);
      expect(afterSide(d, parsed(a).meta).meta).toEqual(parsed(b).meta);
    }
  });
});
