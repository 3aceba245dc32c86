import { describe, expect, it } from "vitest";
import { highlightToHtml, normaliseSearchQuery } from "@/lib/articles/search";
import { buildRssFeed } from "@/lib/articles/feed";

describe("normaliseSearchQuery", () => {
  it("trims, collapses white space and strips control and invisible characters", () => {
    expect(normaliseSearchQuery("  push\t\tpull\u200b \u0000dynamic ")).toEqual({ ok: true, query: "push pull dynamic" });
  });
  it("folds compatibility forms (full-width letters)", () => {
    expect(normaliseSearchQuery("ｇｈｏｓｔｉｎｇ")).toEqual({ ok: true, query: "ghosting" });
  });
  it.each([
    [undefined, /Type a word/],
    ["", /Type a word/],
    ["   ", /Type a word/],
    ["?!.,;--", /punctuation alone/],
    ["x".repeat(201), /at most 200 characters/],
    [["a", "b"], /Type a word/],
  ])("refuses %j with a plain message", (input, message) => {
    const result = normaliseSearchQuery(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
  it("keeps SQL-looking text as ordinary words (it is passed as a parameter, never spliced)", () => {
    expect(normaliseSearchQuery("'; drop table articles; --")).toEqual({ ok: true, query: "'; drop table articles; --" });
  });
});

describe("highlightToHtml", () => {
  it("escapes the text and marks only the matches", () => {
    expect(highlightToHtml("a <b>\u0001jealousy\u0002</b> & co")).toBe("a &lt;b&gt;<mark>jealousy</mark>&lt;/b&gt; &amp; co");
  });
});

describe("buildRssFeed", () => {
  it("escapes titles and summaries", () => {
    const xml = buildRssFeed({ url: "https://a.example", title: "T", description: "D" }, [
      { slug: "x", title: "A & B <c>", summary: "\"quoted\" </description>", letter: "a", categories: [], updatedAt: "2026-11-25T00:00:00.000Z" },
    ]);
    expect(xml).toContain("<title>A &amp; B &lt;c&gt;</title>");
    expect(xml).not.toContain("</description></description>");
    expect(xml).toContain("<link>https://a.example/wiki/x</link>");
  });
});

describe("snippetProbes", () => {
  it("takes the stems of up to three searched words, skipping excluded ones and short words", async () => {
    const { snippetProbes } = await import("@/lib/articles/search");
    expect(snippetProbes("Attachment styles -anxious or is")).toEqual(["attach", "styles"]);
    expect(snippetProbes("push-pull dynamic relationships extra")).toEqual(["push", "pull", "dynami"]);
    expect(snippetProbes("?? !!")).toEqual([]);
  });
});
