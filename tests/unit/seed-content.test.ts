import { describe, expect, it } from "vitest";
import { checkEditorialRules } from "@/lib/articles/editorial";
import { parseArticleSource, formatSourceErrors } from "@/lib/articles/source";
import { readSeedArticles } from "@/lib/seed";

const seeds = readSeedArticles();
const slugs = new Set(seeds.map((s) => s.file.replace(/\.md$/, "")));

describe("seed articles", () => {
  it("are at least 30, across at least 15 letters", () => {
    expect(seeds.length).toBeGreaterThanOrEqual(30);
    expect(new Set([...slugs].map((s) => s[0])).size).toBeGreaterThanOrEqual(15);
  });

  it.each(seeds.map((s) => [s.file, s.source]))("%s parses and meets the editorial standard", async (file, source) => {
    const parsed = parseArticleSource(source);
    expect(parsed.ok ? [] : formatSourceErrors(parsed.errors)).toEqual([]);
    if (!parsed.ok) return;
    expect((await checkEditorialRules(parsed.value, { knownSlugs: slugs, fileSlug: file.replace(/\.md$/, "") })).errors).toEqual([]);
  });
});
