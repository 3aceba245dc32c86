import { describe, expect, it } from "vitest";
import { changeSize, compareTexts, sideBySide, type DiffPart } from "@/lib/moderation/diff";
import { threeWayMerge } from "@/lib/moderation/merge";

const base = `---
title: Test Topic
summary: A summary.
category: [Testing]
---
The first paragraph says one thing.

The second paragraph says another.

## History
The third paragraph is about history.
`;

const replace = (text: string, from: string, to: string) => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

describe("threeWayMerge", () => {
  it("merges changes to different paragraphs: both are kept", () => {
    const current = replace(base, "The first paragraph says one thing.", "The first paragraph now says something else.");
    const proposed = replace(base, "The third paragraph is about history.", "The third paragraph is about a longer history.");
    const result = threeWayMerge(base, current, proposed);
    expect(result.clean).toBe(true);
    if (!result.clean) return;
    expect(result.text).toContain("The first paragraph now says something else.");
    expect(result.text).toContain("The third paragraph is about a longer history.");
    expect(result.text).not.toContain("says one thing");
    expect(result.text).not.toContain("is about history.");
    expect(result.text).toBe(replace(current, "The third paragraph is about history.", "The third paragraph is about a longer history."));
  });

  it("merges changes to different lines of the front matter and the body", () => {
    const current = replace(base, "summary: A summary.", "summary: A better summary.");
    const proposed = replace(base, "The second paragraph says another.", "The second paragraph says more.");
    const result = threeWayMerge(base, current, proposed);
    expect(result).toEqual({ clean: true, text: replace(current, "The second paragraph says another.", "The second paragraph says more.") });
  });

  it("reports a conflict when both sides change the same line differently", () => {
    const current = replace(base, "says one thing.", "says one thing, in the current text.");
    const proposed = replace(base, "says one thing.", "says one thing, in the proposal.");
    const result = threeWayMerge(base, current, proposed);
    expect(result.clean).toBe(false);
    if (result.clean) return;
    expect(result.conflicts).toBe(1);
  });

  it("counts each overlapping region as one conflict", () => {
    const current = replace(replace(base, "one thing.", "one thing (current)."), "about history.", "about history (current).");
    const proposed = replace(replace(base, "one thing.", "one thing (proposed)."), "about history.", "about history (proposed).");
    expect(threeWayMerge(base, current, proposed)).toEqual({ clean: false, conflicts: 2 });
  });

  it("keeps a change made identically on both sides once", () => {
    const same = replace(base, "says another.", "says another, better.");
    const current = replace(same, "is about history.", "is about old history.");
    const result = threeWayMerge(base, current, same);
    expect(result).toEqual({ clean: true, text: current });
    if (result.clean) expect(result.text.split("says another, better.")).toHaveLength(2);
  });

  it("merges a whitespace-only change on one side with a content change elsewhere", () => {
    const current = replace(base, "The first paragraph says one thing.", "The first paragraph says one thing.   ");
    const proposed = replace(base, "The third paragraph is about history.", "The third paragraph is about recent history.");
    const result = threeWayMerge(base, current, proposed);
    expect(result).toEqual({ clean: true, text: replace(current, "is about history.", "is about recent history.") });
  });

  it("returns the current text when the proposal changes nothing", () => {
    const current = replace(base, "says one thing.", "says a new thing.");
    expect(threeWayMerge(base, current, base)).toEqual({ clean: true, text: current });
  });

  it("returns the proposal when the article has not changed since its base", () => {
    const proposed = replace(base, "says one thing.", "says a proposed thing.");
    expect(threeWayMerge(base, base, proposed)).toEqual({ clean: true, text: proposed });
  });

  it("returns the proposal when the article already says exactly the same", () => {
    const both = replace(base, "says one thing.", "says the same thing.");
    expect(threeWayMerge(base, both, both)).toEqual({ clean: true, text: both });
  });

  it("treats Windows line endings as line breaks", () => {
    const current = replace(base, "says one thing.", "says one changed thing.").replace(/\n/g, "\r\n");
    const proposed = replace(base, "about history.", "about changed history.");
    const result = threeWayMerge(base, current, proposed);
    expect(result.clean).toBe(true);
    if (!result.clean) return;
    expect(result.text).toContain("says one changed thing.");
    expect(result.text).toContain("about changed history.");
  });
});

describe("wordDiff", () => {
  it("marks added, removed and unchanged words, and rebuilds both texts", () => {
    const before = "The quick brown fox jumps.";
    const after = "The slow brown fox jumps high.";
    const parts = compareTexts(before, after).parts;
    expect(parts.filter((p) => p.kind === "removed").map((p) => p.text.trim())).toEqual(["quick"]);
    expect(
      parts
        .filter((p) => p.kind === "added")
        .map((p) => p.text.trim())
        .join(" "),
    ).toContain("slow");
    expect(
      parts
        .filter((p) => p.kind === "added")
        .map((p) => p.text)
        .join(""),
    ).toContain("high");
    expect(
      parts
        .filter((p) => p.kind !== "added")
        .map((p) => p.text)
        .join(""),
    ).toBe(before);
    expect(
      parts
        .filter((p) => p.kind !== "removed")
        .map((p) => p.text)
        .join(""),
    ).toBe(after);
  });

  it("gives one unchanged part for identical texts", () => {
    expect(compareTexts("same text here", "same text here").parts).toEqual([{ kind: "same", text: "same text here" }]);
  });

  it("diffs against an empty base (a new article) as all added", () => {
    const parts = compareTexts("", "A brand new article.").parts;
    expect(parts.every((p) => p.kind === "added")).toBe(true);
    expect(changeSize(parts)).toEqual({ added: 4, removed: 0 });
  });

  it("keeps markup as plain text parts: escaping is React's job", () => {
    const parts = compareTexts("Hello world.", 'Hello <script>alert("x")</script> world.').parts;
    const added = parts
      .filter((p) => p.kind === "added")
      .map((p) => p.text)
      .join("");
    expect(added).toContain("<script>");
    expect(added).toContain("</script>");
    expect(
      parts
        .filter((p) => p.kind !== "removed")
        .map((p) => p.text)
        .join(""),
    ).toBe('Hello <script>alert("x")</script> world.');
    expect(parts.map((p) => p.text).join("")).not.toContain("&lt;");
  });
});

describe("changeSize", () => {
  it("counts added and removed words, not characters or spaces", () => {
    expect(changeSize(compareTexts("one two three", "one four five six three").parts)).toEqual({ added: 3, removed: 1 });
    expect(changeSize(compareTexts("alpha beta gamma delta", "alpha delta").parts)).toEqual({ added: 0, removed: 2 });
    expect(changeSize(compareTexts("same", "same").parts)).toEqual({ added: 0, removed: 0 });
  });

  it("ignores whitespace-only parts", () => {
    const parts: DiffPart[] = [
      { kind: "same", text: "a" },
      { kind: "added", text: "  \n " },
      { kind: "removed", text: "\t" },
    ];
    expect(changeSize(parts)).toEqual({ added: 0, removed: 0 });
  });
});

describe("sideBySide", () => {
  it("puts removals on the left, additions on the right, and unchanged text on both", () => {
    const parts = compareTexts("The quick fox.", "The slow fox.").parts;
    const { left, right } = sideBySide(parts);
    expect(left.some((p) => p.kind === "added")).toBe(false);
    expect(right.some((p) => p.kind === "removed")).toBe(false);
    expect(left.map((p) => p.text).join("")).toBe("The quick fox.");
    expect(right.map((p) => p.text).join("")).toBe("The slow fox.");
    expect(left.filter((p) => p.kind === "same")).toEqual(right.filter((p) => p.kind === "same"));
  });

  it("keeps markup as plain text on both sides", () => {
    const { left, right } = sideBySide(compareTexts("<b>old</b>", "<i>new</i>").parts);
    expect(left.map((p) => p.text).join("")).toBe("<b>old</b>");
    expect(right.map((p) => p.text).join("")).toBe("<i>new</i>");
  });
});

describe("compareTexts: the diff budget", () => {
  // Two different texts of ~77 KB: a word diff of these held the server for ~31 s.
  const words = (seed: number) => Array.from({ length: 13_000 }, (_, i) => `w${(i * seed) % 9973}`).join(" ");
  const before = words(7);
  const after = words(13);

  it("falls back to a line diff, then to the whole texts, within the budget", () => {
    expect(before.length).toBeGreaterThan(70_000);
    const started = performance.now();
    const diff = compareTexts(before, after, 100);
    const took = performance.now() - started;
    expect(diff.granularity).not.toBe("words");
    // Generous for a slow machine; the point is seconds, not half a minute.
    expect(took).toBeLessThan(2_000);
    const removed = diff.parts
      .filter((p) => p.kind !== "added")
      .map((p) => p.text)
      .join("");
    const added = diff.parts
      .filter((p) => p.kind !== "removed")
      .map((p) => p.text)
      .join("");
    expect(removed).toBe(before);
    expect(added).toBe(after);
  });

  it("compares by line when only the word diff is over budget", () => {
    const text = words(3);
    const a = Array.from({ length: 1_500 }, (_, i) => `line ${i} ${text.slice(i * 7, i * 7 + 60)}`).join("\n");
    const b = a
      .split("\n")
      .map((l, i) => (i % 2 ? `${l} changed` : l))
      .join("\n");
    const diff = compareTexts(a, b, 1);
    expect(["lines", "whole"]).toContain(diff.granularity);
    expect(compareTexts("A short text.", "A shorter text.", 1_000).granularity).toBe("words");
  });
});
