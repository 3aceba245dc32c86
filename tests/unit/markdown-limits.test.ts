import { describe, expect, it } from "vitest";
import { checkFrontMatterShape, checkMarkdownShape, MARKDOWN_LIMITS } from "@/lib/articles/markdown-limits";
import { parseArticleSource } from "@/lib/articles/source";
import { readSeedArticles } from "@/lib/seed";
import { hostileBodies, hostileSource } from "../support/hostile";

describe("checkMarkdownShape", () => {
  it.each([
    ["nested lists", /Lists are nested too deeply \(more than 20 levels\) at line 3/],
    ["nested quotes", /Quotes are nested too deeply \(more than 20 levels\) at line 3/],
    ["nested emphasis", /Too many emphasis marks .* at line 3/],
    ["unbalanced open brackets", /Too many square brackets .* at line 3/],
    ["unbalanced close brackets", /Too many square brackets/],
    ["unclosed links", /Too many square brackets/],
    ["very wide table", /The table at line 3 is too wide: at most 40 columns/],
  ])("refuses %s with a message naming the line", (name, message) => {
    const found = checkMarkdownShape(hostileBodies[name]);
    expect(found?.message).toMatch(message);
  });

  it("counts lines from where the body starts in the whole source", () => {
    const result = parseArticleSource(hostileSource("nested lists"));
    expect(result.ok).toBe(false);
    // Front matter: lines 1–5; the lead is line 6, the list line 8.
    expect(!result.ok && result.errors).toEqual([{ field: "body", line: 8, message: "Lists are nested too deeply (more than 20 levels) at line 8." }]);
  });

  it("measures nesting by indentation too, and ignores fenced code", () => {
    const nestedByIndent = Array.from({ length: 25 }, (_, i) => `${" ".repeat(i * 2)}- level ${i + 1}`).join("\n");
    expect(checkMarkdownShape(`Lead.\n\n${nestedByIndent}`)?.message).toMatch(/Lists are nested too deeply .* at line 23\./);
    expect(checkMarkdownShape(`Lead.\n\n\`\`\`\n${"> ".repeat(50)}\n${"**_".repeat(500)}\n\`\`\`\n`)).toBeNull();
  });

  it("accepts ordinary Markdown at the edge of each limit", () => {
    const md = [
      "Lead with **bold**, _italic_, ~~struck~~ and [a link](https://example.org).",
      `${"- ".repeat(MARKDOWN_LIMITS.maxNesting)}deepest allowed item`,
      `${"> ".repeat(MARKDOWN_LIMITS.maxNesting)}deepest allowed quote`,
      `|${"a|".repeat(MARKDOWN_LIMITS.maxTableColumns)}\n|${"-|".repeat(MARKDOWN_LIMITS.maxTableColumns)}`,
    ].join("\n\n");
    expect(checkMarkdownShape(md)).toBeNull();
  });

  it("passes every seed article", () => {
    for (const { file, source } of readSeedArticles()) {
      const parsed = parseArticleSource(source);
      expect(parsed.ok, file).toBe(true);
    }
  });
});

describe("checkFrontMatterShape and YAML aliases", () => {
  it("refuses deeply nested flow collections before YAML recurses on them", () => {
    expect(checkFrontMatterShape(`title: ${"[".repeat(50_000)}`)?.message).toMatch(/nested too deeply .* at line 2/);
    expect(checkFrontMatterShape(`title: "${"[".repeat(50)}"\ncategory: [a, b]`)).toBeNull();
    const result = parseArticleSource(`---\ntitle: T\nsummary: ${"{a: ".repeat(20_000)}\n---\nLead.`);
    expect(!result.ok && result.errors[0]).toMatchObject({ field: "front matter", line: 3 });
  });

  it("answers a YAML alias bomb with a field error instead of throwing", () => {
    const bomb = `---\na: &a [x, y]\n${Array.from({ length: 2_000 }, (_, i) => `k${i}: *a`).join("\n")}\n---\nLead.`;
    const result = parseArticleSource(bomb);
    expect(!result.ok && result.errors[0].message).toMatch(/too many YAML aliases/);
  });
});

describe("findUnsafeCharacter", () => {
  it("finds NUL, control characters, U+FFFD and unpaired surrogates, with their line, and passes ordinary text", async () => {
    const { findUnsafeCharacter } = await import("@/lib/text");
    expect(findUnsafeCharacter("ok\ttabs\r\nand\nnew lines, émoji 👋")).toBeNull();
    expect(findUnsafeCharacter("a\nb\u0000")).toEqual({ line: 2, description: "a NUL character (U+0000), which is invisible" });
    expect(findUnsafeCharacter("x\uD83D")?.description).toMatch(/not valid text/);
    expect(findUnsafeCharacter("\uDC00x")?.description).toMatch(/not valid text/);
    expect(findUnsafeCharacter("\u001B[31m")?.description).toMatch(/U\+001B/);
  });
});
