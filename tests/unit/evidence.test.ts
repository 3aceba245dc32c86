// The evidence line (lib/articles/evidence.ts) for each mix of source types, and the citation counts it rests on.
import { describe, expect, it } from "vitest";
import { citationCounts } from "@/lib/articles/citations";
import { computeEvidence, evidenceOfSource, readStoredEvidence, tierOf } from "@/lib/articles/evidence";
import { sourceTypeKeys } from "@/lib/articles/fields";

type S = { key?: string; type?: string };
/** A body citing each key in its own paragraph, `times` paragraphs each. */
const body = (keys: string[], times = 1) =>
  Array.from({ length: times }, () => keys.map((k) => `A claim [@${k}].`))
    .flat()
    .join("\n\n");
const evidence = (sources: S[], text = body(sources.flatMap((s) => (s.key ? [s.key] : [])))) => computeEvidence(sources, citationCounts(text));

describe("citation counts", () => {
  it("counts every use and the distinct paragraphs citing a key", () => {
    const counts = citationCounts(
      "One [@a] and again [@a; @b].\nSame paragraph [@a].\n\nAnother [@a].\n\n- a list item [@b]\n- another [@b]\n\n`[@c]` in code",
    );
    expect(counts.get("a")).toEqual({ uses: 4, blocks: 2 });
    expect(counts.get("b")).toEqual({ uses: 3, blocks: 3 });
    expect(counts.has("c")).toBe(false);
  });

  it("counts FAQ answers as blocks of their own", () => {
    const counts = citationCounts("Lead [@a].\n\n## FAQs\n### Why?\nBecause [@a].\n### How?\nLike this [@a].");
    expect(counts.get("a")).toEqual({ uses: 3, blocks: 3 });
  });
});

describe("evidence line", () => {
  it("puts every source type in one tier, a clinical guideline with expert writing rather than studies", () => {
    for (const type of sourceTypeKeys) expect(tierOf(type)).toBeTruthy();
    expect(tierOf("clinical-guideline")).toBe("expert");
    expect(tierOf("journalism")).toBe("popular");
  });

  it("calls an article resting on meta-analyses well researched", () => {
    const e = evidence([
      { key: "a", type: "meta-analysis" },
      { key: "b", type: "meta-analysis" },
    ]);
    expect(e.level).toBe("strong");
    expect(e.label).toBe("Well researched");
    expect(e.line).toBe("Most claims here rest on two meta-analyses.");
    expect(e.counts).toMatchObject({ sources: 2, cited: 2, graded: 2, ungraded: 0, claims: 2 });
  });

  it("names the main kinds in a mix, heaviest first, with small numbers in words", () => {
    const sources = [
      { key: "l1", type: "longitudinal-study" },
      { key: "l2", type: "longitudinal-study" },
      { key: "l3", type: "longitudinal-study" },
      { key: "m1", type: "meta-analysis" },
      { key: "m2", type: "meta-analysis" },
      { key: "j", type: "journalism" },
    ];
    const e = computeEvidence(sources, citationCounts(body(["l1", "l2", "l3", "m1", "m2", "j"])));
    expect(e.level).toBe("strong");
    expect(e.line).toBe("Most claims here rest on three longitudinal studies and two meta-analyses.");
  });

  it("calls mostly journalism little research, and says so in words", () => {
    const e = computeEvidence(
      [
        { key: "j1", type: "journalism" },
        { key: "j2", type: "journalism" },
        { key: "s", type: "cross-sectional-survey" },
      ],
      citationCounts(body(["j1", "j2", "s"])),
    );
    expect(e.level).toBe("limited");
    expect(e.label).toBe("Little research");
    expect(e.line).toBe("Most claims here rest on two pieces of journalism and one survey.");
  });

  it("calls theory and books little research", () => {
    const e = evidence([
      { key: "t", type: "theory-or-review" },
      { key: "b", type: "general-book" },
    ]);
    expect(e.level).toBe("limited");
    expect(e.line).toBe("Most claims here rest on one theory or review article and one book for general readers.");
  });

  it("calls surveys and interview studies some research", () => {
    const e = evidence([
      { key: "s1", type: "cross-sectional-survey" },
      { key: "s2", type: "cross-sectional-survey" },
      { key: "q", type: "qualitative-study" },
    ]);
    expect(e.level).toBe("moderate");
    expect(e.line).toBe("Most claims here rest on two surveys and one qualitative study.");
  });

  it("needs two strong sources to call an article well researched", () => {
    expect(evidence([{ key: "m", type: "meta-analysis" }]).level).toBe("moderate");
  });

  it("weighs a source by the paragraphs citing it", () => {
    const sources = [
      { key: "m1", type: "meta-analysis" },
      { key: "m2", type: "meta-analysis" },
      { key: "j", type: "journalism" },
    ];
    // Journalism in six paragraphs, the meta-analyses in one each.
    const e = computeEvidence(sources, citationCounts([body(["j"], 6), body(["m1", "m2"])].join("\n\n")));
    expect(e.level).toBe("limited");
    expect(e.line).toBe("Most claims here rest on one piece of journalism and two meta-analyses.");
  });

  it("never counts an ungraded source as weak evidence: all ungraded is 'not yet graded'", () => {
    const e = evidence([{ key: "a" }, { key: "b" }, { key: "c" }]);
    expect(e.level).toBe("ungraded");
    expect(e.label).toBe("Not yet graded");
    expect(e.line).toBe("None of the three sources cited here is graded yet, so the site cannot yet say how well the claims are supported.");
    expect(evidence([{ key: "a" }]).line).toBe("The one source cited here is not yet graded, so the site cannot yet say how well the claims are supported.");
  });

  it("grades on the graded sources and names the ungraded share", () => {
    const e = evidence([{ key: "m1", type: "meta-analysis" }, { key: "m2", type: "meta-analysis" }, { key: "l", type: "longitudinal-study" }, { key: "x" }]);
    expect(e.level).toBe("strong");
    expect(e.line).toBe("Most claims here rest on two meta-analyses and one longitudinal study. One of the four sources cited is not yet graded.");
    expect(e.counts).toMatchObject({ graded: 3, ungraded: 1, ungradedClaims: 1 });
  });

  it("says 'partly' when the kinds named carry less than half of all claims", () => {
    const e = evidence([
      { key: "m", type: "meta-analysis" },
      { key: "l", type: "longitudinal-study" },
      { key: "s", type: "cross-sectional-survey" },
      { key: "j", type: "journalism" },
      { key: "x1" },
      { key: "x2" },
      { key: "x3" },
      { key: "x4" },
    ]);
    expect(e.level).toBe("strong");
    expect(e.line).toBe(
      "Claims here rest partly on one meta-analysis, one longitudinal study and one survey. Four of the eight sources cited are not yet graded.",
    );
  });

  it("does not grade an article whose claims rest mostly on ungraded sources", () => {
    const e = evidence([{ key: "j", type: "journalism" }, { key: "x" }, { key: "y" }]);
    expect(e.level).toBe("ungraded");
    expect(e.line).toBe(
      "Most claims here rest on sources not yet graded; the graded ones are mostly one piece of journalism. Two of the three sources cited are not yet graded.",
    );
  });

  it("says an article without citations is not yet tied to sources", () => {
    expect(computeEvidence([], new Map()).line).toBe("The claims here are not yet tied to sources.");
    const e = computeEvidence([{ key: "a", type: "meta-analysis" }, { type: "journalism" }], new Map());
    expect(e.level).toBe("uncited");
    expect(e.label).toBe("Not yet sourced");
    expect(e.line).toBe("The claims here are not yet tied to sources. It lists two sources, but its text does not cite them.");
    expect(computeEvidence([{ key: "a" }], new Map()).line).toContain("It lists one source, but its text does not cite it.");
  });

  it("ignores uncited sources (counted apart) and keys that name no source", () => {
    const sources = [
      { key: "j", type: "journalism" },
      { key: "m1", type: "meta-analysis" },
      { key: "m2", type: "meta-analysis" },
    ];
    const e = computeEvidence(sources, citationCounts("Only journalism [@j] and a stray [@nobody]."));
    expect(e.level).toBe("limited");
    expect(e.counts).toMatchObject({ sources: 3, cited: 1, uncited: 2, citations: 1 });
  });

  it("pluralises counts of one and many, and writes large counts in figures", () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ key: `m${i}`, type: "meta-analysis" }));
    expect(evidence(many).line).toBe("Most claims here rest on 12 meta-analyses.");
    const one = evidence([
      { key: "m", type: "meta-analysis" },
      { key: "r", type: "randomised-experiment" },
    ]);
    expect(one.line).toBe("Most claims here rest on one meta-analysis and one randomised experiment.");
  });

  it("computes from a parsed source and reads a stored value back", () => {
    const e = evidenceOfSource({ meta: { sources: [{ key: "a", type: "longitudinal-study" }] } as never, body: "Claim [@a]." });
    expect(e.level).toBe("moderate");
    expect(readStoredEvidence(JSON.parse(JSON.stringify(e)))).toEqual(e);
    expect(readStoredEvidence(null)).toBeNull();
    expect(readStoredEvidence({ level: "excellent" })).toBeNull();
    expect(readStoredEvidence({ ...e, version: 0 }), "a value of an older version is computed again").toBeNull();
  });
});
