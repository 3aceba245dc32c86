import { describe, expect, it } from "vitest";
import { CORPUS_FIGURE, corpusBaseFromSources, corpusGenerator, corpusWords, generateCorpusSource, seedCorpusBase } from "@/lib/articles/corpus";
import { canonicalSource } from "@/lib/articles/editor-model";
import { checkEditorialRules } from "@/lib/articles/editorial";
import { formatSourceErrors, parseArticleSource, slugify, type ArticleSource } from "@/lib/articles/source";
import { renderArticleBody } from "@/lib/articles/render";
import { readSeedArticles } from "@/lib/seed";

const base = seedCorpusBase();
const corpus = corpusGenerator({ seed: 1 });
const SAMPLE = 300;

function parsed(i: number, options = {}): ArticleSource {
  const result = parseArticleSource(generateCorpusSource(i, options));
  if (!result.ok) throw new Error(`article ${i}: ${formatSourceErrors(result.errors).join("; ")}`);
  return result.value;
}

describe("the generated corpus", () => {
  it(`${SAMPLE} sources parse and meet the editorial standard, linking only to earlier generated articles and seed ones`, async () => {
    const known = new Set(base.seedSlugs);
    const failures: string[] = [];
    for (let i = 0; i < SAMPLE; i++) {
      const article = parsed(i);
      // Related articles never point forward: any prefix of the corpus links only inside itself (and to the seed).
      const problems = (await checkEditorialRules(article, { knownSlugs: new Set([...known, corpus.slug(i)]) })).errors;
      if (problems.length > 0) failures.push(`${i} ${article.meta.title}: ${problems.join("; ")}`);
      known.add(corpus.slug(i));
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("is deterministic: the same index and seed give the same text, another seed another text", () => {
    for (const i of [0, 1, 17, 4_321, 99_999]) {
      expect(generateCorpusSource(i, { seed: 1 })).toBe(
        corpusGenerator({ seed: 1, base: corpusBaseFromSources(readSeedArticles().map((s) => s.source)) }).source(i),
      );
      expect(generateCorpusSource(i, { seed: 2 })).not.toBe(generateCorpusSource(i, { seed: 1 }));
    }
    // Titles depend on the index and seed alone, not on the length asked for.
    expect(parsed(42, { words: 300 }).meta.title).toBe(parsed(42).meta.title);
  });

  it("is written in the editor's canonical layout, with synthetic, clearly marked sources and figure", () => {
    const source = generateCorpusSource(7);
    expect(canonicalSource(source)).toBe(source);
    const { meta } = parsed(7);
    expect(meta.figure?.src).toBe(CORPUS_FIGURE);
    expect(meta.sources.length).toBeGreaterThanOrEqual(3);
    for (const s of meta.sources) {
      expect(s.title).toMatch(/^Synthetic reference \d+\.\d+ \(generated corpus\)$/);
      expect(s.url).toMatch(/^https:\/\/example\.org\/corpus\//);
      expect(s.doi).toBeUndefined();
    }
    for (const m of Object.values(meta.media).flat()) expect(m?.title).toMatch(/\(generated corpus\)$/);
  });

  it("has unique titles and addresses over 20,000 articles, none of them a seed article's address or other name", () => {
    const titles = new Set<string>();
    const slugs = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const title = corpus.title(i);
      expect(title).toMatch(/^[A-Z][a-z]+(?: [A-Z][a-z]+){1,3}$/);
      titles.add(title);
      slugs.add(slugify(title));
    }
    expect(titles.size).toBe(20_000);
    expect(slugs.size).toBe(20_000);
    for (const s of slugs) expect(base.reserved.has(s)).toBe(false);
  });

  it("gives other names that are never another article's title, some of them sharing no word with their own title", () => {
    const titleSlugs = new Set(Array.from({ length: 2_000 }, (_, i) => corpus.slug(i)));
    let withoutTitleWords = 0;
    let sharingTitleWords = 0;
    for (let i = 0; i < 200; i++) {
      const { meta } = parsed(i);
      const words = new Set(corpusWords(meta.title));
      for (const { name: alias } of meta.aliases) {
        expect(titleSlugs.has(slugify(alias))).toBe(false);
        if (corpusWords(alias).some((w) => words.has(w))) sharingTitleWords++;
        else withoutTitleWords++;
      }
    }
    expect(withoutTitleWords).toBeGreaterThan(200);
    expect(sharingTitleWords).toBeGreaterThanOrEqual(200);
  });

  it("has titles that share words with the real ones, and categories from the seed with the most used most often", () => {
    const realTitleWords = new Set(base.seedSlugs.flatMap((s) => s.split("-")));
    const titles = Array.from({ length: 2_000 }, (_, i) => corpus.title(i));
    expect(titles.filter((t) => corpusWords(t).some((w) => realTitleWords.has(w))).length).toBeGreaterThan(20);
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) for (const c of parsed(i).meta.category) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const c of counts.keys()) expect(base.categories).toContain(c);
    expect(counts.get(base.categories[0]) ?? 0).toBeGreaterThan(counts.get(base.categories[base.categories.length - 1]) ?? 0);
  });

  it("keeps to the asked length: 600–900 words for the default, fewer when fewer are asked for", async () => {
    const lengths: number[] = [];
    for (let i = 0; i < 60; i++) lengths.push(corpusWords((await renderArticleBody(parsed(i).body)).text).length);
    lengths.sort((a, b) => a - b);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeGreaterThanOrEqual(650);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeLessThanOrEqual(880);
    expect(lengths[0]).toBeGreaterThanOrEqual(500);
    expect(lengths[lengths.length - 1]).toBeLessThanOrEqual(1_050);
    const short = corpusWords((await renderArticleBody(parsed(3, { words: 300 }).body)).text).length;
    expect(short).toBeLessThan(450);
  });

  it("draws body words with a Zipf rank-frequency: log-log slope near -1 over the top 200 words", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 150; i++) for (const w of corpusWords(parsed(i).body)) counts.set(w, (counts.get(w) ?? 0) + 1);
    const top = [...counts.values()].sort((a, b) => b - a).slice(0, 200);
    const xs = top.map((_, r) => Math.log(r + 1));
    const ys = top.map((c) => Math.log(c));
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    const slope = xs.reduce((s, x, k) => s + (x - mx) * (ys[k] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(-1.3);
    expect(slope).toBeLessThan(-0.8);
    // The most frequent generated words are the seed's most frequent ones.
    const generatedTop = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([w]) => w);
    expect(generatedTop.filter((w) => base.vocabulary.slice(0, 10).includes(w)).length).toBeGreaterThanOrEqual(4);
  });

  it("refuses an index outside its range", () => {
    expect(() => corpus.title(-1)).toThrow(RangeError);
    expect(() => corpus.title(1.5)).toThrow(RangeError);
    expect(() => corpus.title(corpus.capacity)).toThrow(RangeError);
  });
});
