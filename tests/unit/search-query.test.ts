import { describe, expect, it } from "vitest";
import { highlightToHtml, LEAD_END_PATTERN, normaliseSearchQuery, snippetToHtml } from "@/lib/articles/search";
import { renderArticleBody } from "@/lib/articles/render";
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

describe("snippetToHtml", () => {
  const m = (w: string) => `\u0001${w}\u0002`;
  it("ends mid-sentence on a word, with an ellipsis", () => {
    expect(snippetToHtml(`People who feel ${m("jealousy")} often check a partner's phone, and`)).toBe(
      "People who feel <mark>jealousy</mark> often check a partner&#39;s phone…",
    );
    expect(snippetToHtml(`The ${m("ghosting")} literature grew quickly after 2015 —`)).toBe("The <mark>ghosting</mark> literature grew quickly after 2015…");
  });
  it("keeps a sentence's own full stop, and opens with an ellipsis when it starts mid-sentence", () => {
    expect(snippetToHtml(`${m("Limerence")} fades with time.`)).toBe("<mark>Limerence</mark> fades with time.");
    expect(snippetToHtml(`and so ${m("limerence")} fades.`)).toBe("…and so <mark>limerence</mark> fades.");
    expect(snippetToHtml(`${m("it")} fades`)).toBe("…<mark>it</mark> fades…");
  });
  it("is empty when the fragment holds no match: the summary above it says enough", () => {
    expect(snippetToHtml("Jealousy is an emotional state triggered by the perception")).toBe("");
    expect(snippetToHtml("")).toBe("");
  });
});

describe("where the lead ends in an article's plain text (LEAD_END_PATTERN)", () => {
  it("finds the first heading, so snippets come from the sections and never repeat the lead", async () => {
    const { text, leadText } = await renderArticleBody(
      "**Jealousy** is an emotion. It has three parties, e.g. a rival.\n\nA second lead paragraph, still the lead!\n\n## Definitions and Distinctions\n\nResearchers separate three layers.\n\n### Why? A question\n\nText.",
    );
    const at = text.search(new RegExp(LEAD_END_PATTERN));
    expect(at).toBe(leadText.length);
    expect(text.slice(at).trim().startsWith("Definitions and Distinctions")).toBe(true);
  });
});

describe("buildRssFeed", () => {
  it("escapes titles and summaries", () => {
    const xml = buildRssFeed({ url: "https://a.example", title: "T", description: "D" }, [
      { slug: "x", title: "A & B <c>", summary: '"quoted" </description>', letter: "a", categories: [], updatedAt: "2026-11-25T00:00:00.000Z" },
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
