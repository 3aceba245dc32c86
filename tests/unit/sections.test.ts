import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinSections, splitBlocks, splitSections, type Block } from "@/lib/articles/sections";
import { parseArticleSource } from "@/lib/articles/source";
import { readSeedArticles } from "@/lib/seed";

const seeds = readSeedArticles();
const bodyOf = (source: string) => {
  const result = parseArticleSource(source);
  if (!result.ok) throw new Error("expected the source to parse");
  return result.value.body;
};
const texts = (blocks: Block[]) => blocks.map((b) => b.text);
/** The lines a block says it spans, read back from the body. */
const spanned = (body: string, b: Block) =>
  body
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .slice(b.startLine - 1, b.endLine)
    .join("\n");

describe("splitBlocks", () => {
  it("splits paragraphs on blank lines and counts lines from 1", () => {
    const body = "First paragraph,\nstill the first.\n\n\nSecond paragraph.\n\n- a list\n- of two";
    const blocks = splitBlocks(body);
    expect(blocks).toEqual([
      { text: "First paragraph,\nstill the first.", startLine: 1, endLine: 2 },
      { text: "Second paragraph.", startLine: 5, endLine: 5 },
      { text: "- a list\n- of two", startLine: 7, endLine: 8 },
    ]);
  });

  it("puts every heading line in a block of its own, even without blank lines around it", () => {
    const blocks = splitBlocks("Lead text.\n## History\nProse under it.\n### Sub\nMore.");
    expect(texts(blocks)).toEqual(["Lead text.", "## History", "Prose under it.", "### Sub", "More."]);
    expect(blocks[1]).toMatchObject({ startLine: 2, endLine: 2 });
  });

  it("does not take #hashtags or a heading indented four spaces for headings", () => {
    expect(texts(splitBlocks("A line\n#hashtag here\n    # code, not a heading"))).toEqual(["A line\n#hashtag here\n    # code, not a heading"]);
  });

  it("keeps a code fence whole, blank lines and headings inside it included", () => {
    const body = "Before.\n```ts\nconst a = 1;\n\n## not a heading\n```\nAfter.";
    expect(splitBlocks(body)).toEqual([
      { text: "Before.", startLine: 1, endLine: 1 },
      { text: "```ts\nconst a = 1;\n\n## not a heading\n```", startLine: 2, endLine: 6 },
      { text: "After.", startLine: 7, endLine: 7 },
    ]);
  });

  it("keeps a tilde fence whole, and an unclosed fence runs to the end", () => {
    expect(texts(splitBlocks("~~~\n```\n\n~~~\nText."))).toEqual(["~~~\n```\n\n~~~", "Text."]);
    expect(splitBlocks("Text.\n```\ncode\n\nmore code")).toEqual([
      { text: "Text.", startLine: 1, endLine: 1 },
      { text: "```\ncode\n\nmore code", startLine: 2, endLine: 5 },
    ]);
  });

  it("keeps a longer fence open past a shorter fence line inside it (CommonMark)", () => {
    const fence = "````md\n```\ninner\n```\n````";
    expect(texts(splitBlocks(`Before.\n\n${fence}\n\nAfter.`))).toEqual(["Before.", fence, "After."]);
  });

  it("reads CRLF text as LF", () => {
    expect(splitBlocks("One.\r\n\r\nTwo\r\nlines.")).toEqual([
      { text: "One.", startLine: 1, endLine: 1 },
      { text: "Two\nlines.", startLine: 3, endLine: 4 },
    ]);
  });

  it("returns nothing for an empty or blank body", () => {
    expect(splitBlocks("")).toEqual([]);
    expect(splitBlocks("\n\n  \n")).toEqual([]);
  });

  it("gives every block of every seed article the lines it came from", () => {
    for (const s of seeds) {
      const body = bodyOf(s.source);
      const blocks = splitBlocks(body);
      expect(blocks.length).toBeGreaterThan(5);
      for (const b of blocks) expect(spanned(body, b), s.file).toBe(b.text);
    }
  });

  it("property: blocks are in order, never overlap, read back from their lines and cover every non-blank line", () => {
    const line = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom("Some prose.", "More words here", "- a list item", "> a quote", "| a | table |", "#tag", "    indented") },
      { weight: 3, arbitrary: fc.constantFrom("", "", "  ") },
      { weight: 1, arbitrary: fc.constantFrom("## A section", "### A subsection", "# Top", "## Closed ##") },
      { weight: 1, arbitrary: fc.constantFrom("```", "```js", "~~~") },
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const body = lines.join("\n");
        const blocks = splitBlocks(body);
        let last = 0;
        for (const b of blocks) {
          expect(b.startLine).toBeGreaterThan(last);
          expect(b.endLine).toBeGreaterThanOrEqual(b.startLine);
          expect(spanned(body, b)).toBe(b.text);
          expect(b.text.trim()).not.toBe("");
          last = b.endLine;
        }
        lines.forEach((l, i) => {
          if (l.trim() !== "") expect(blocks.some((b) => b.startLine <= i + 1 && i + 1 <= b.endLine)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("splitSections", () => {
  it("starts with the lead and opens one section per ## heading; ### headings stay inside", () => {
    const sections = splitSections("Lead one.\n\nLead two.\n\n## History\n\nProse.\n\n### Early\n\nMore.\n\n## FAQs\n\nAn answer.");
    expect(sections.map((s) => s.title)).toEqual([null, "History", "FAQs"]);
    expect(sections[0]).toMatchObject({ heading: null, blocks: [{ text: "Lead one." }, { text: "Lead two." }] });
    expect(sections[1]?.heading).toEqual({ text: "## History", startLine: 5, endLine: 5 });
    expect(texts(sections[1]!.blocks)).toEqual(["Prose.", "### Early", "More."]);
    expect(texts(sections[2]!.blocks)).toEqual(["An answer."]);
  });

  it("reads the title without closing hashes or surrounding spaces", () => {
    expect(splitSections("Lead.\n\n##   Key Debates   ##\n\nText.").map((s) => s.title)).toEqual([null, "Key Debates"]);
    expect(splitSections("Lead.\n\n   ## Indented\n\nText.").map((s) => s.title)).toEqual([null, "Indented"]);
  });

  it("does not open a section for a # or ### heading, ##text without a space, or ## inside a fence", () => {
    const sections = splitSections("Lead.\n\n# Top\n\n### Sub\n\n##nospace\n\n```\n## in code\n```");
    expect(sections).toHaveLength(1);
    expect(texts(sections[0]!.blocks)).toEqual(["Lead.", "# Top", "### Sub", "##nospace", "```\n## in code\n```"]);
  });

  it("keeps an empty lead when the body starts with a heading, and an empty section", () => {
    const sections = splitSections("## First\n\n## Second\n\nText.");
    expect(sections.map((s) => [s.title, s.blocks.length])).toEqual([
      [null, 0],
      ["First", 0],
      ["Second", 1],
    ]);
  });

  it("finds the sections of a seed article", () => {
    const body = bodyOf(seeds.find((s) => s.file === "stonewalling.md")!.source);
    const sections = splitSections(body);
    expect(sections.map((s) => s.title)).toEqual([
      null,
      "History",
      "Psychology",
      "Biology",
      "Over the Course of a Relationship",
      "Relationship Impact",
      "Key Debates",
      "Research Landscape",
      "FAQs",
    ]);
    expect(sections[0]?.blocks).toHaveLength(2);
    expect(sections.find((s) => s.title === "Over the Course of a Relationship")?.blocks.filter((b) => b.text.startsWith("### "))).toHaveLength(4);
  });
});

describe("joinSections", () => {
  it("writes every seed body back as written, apart from a blank line added after a heading that had none", () => {
    for (const s of seeds) {
      const body = bodyOf(s.source);
      expect(joinSections(splitSections(body)), s.file).toBe(body.replace(/^(#{1,6} .*)\n(?!\n)/gm, "$1\n\n"));
    }
  });

  it("puts one blank line between blocks, and is stable on its own output", () => {
    const messy = "Lead.\n## History\nProse,\ntwo lines.\n\n\n\n### Sub\nEnd.";
    const once = joinSections(splitSections(messy));
    expect(once).toBe("Lead.\n\n## History\n\nProse,\ntwo lines.\n\n### Sub\n\nEnd.");
    expect(joinSections(splitSections(once))).toBe(once);
  });

  it("writes sections in the order given, with their headings", () => {
    const [lead, a, b] = splitSections("Lead.\n\n## A\n\nText a.\n\n## B\n\nText b.");
    expect(joinSections([lead!, b!, a!])).toBe("Lead.\n\n## B\n\nText b.\n\n## A\n\nText a.");
  });

  it("returns an empty string for no sections", () => {
    expect(joinSections([])).toBe("");
    expect(joinSections([{ heading: null, blocks: [] }])).toBe("");
  });
});

describe("splitSections on hostile text", () => {
  it("reads a heading line of 99 KB in linear time (its title regex once backtracked over runs of spaces)", () => {
    const body = `Lead.\n\n## a${" ".repeat(99_000)}b\n\nText.`;
    const started = performance.now();
    const sections = splitSections(body);
    expect(sections.map((s) => s.title?.length ?? null)).toEqual([null, 99_002]);
    // Linear work is a few milliseconds; the backtracking regex took seconds on this line.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("drops a closing run of # only after a space, as CommonMark does", () => {
    expect(splitSections("Lead.\n\n## History ##\n\n## C#\n\n## Tabs\t#\t").map((s) => s.title)).toEqual([null, "History", "C#", "Tabs"]);
  });
});
