// The generated corpus (issue 13): synthetic articles in the real source format, for measuring search and rendering at
// 100k articles. Pure and deterministic: the i-th source is a function of i, the seed and the options alone (never of
// the order of generation), so parallel loaders agree and a load can resume. No database: lib/articles/corpus-load.ts
// publishes these through the ordinary publish path; scripts/generate-corpus.ts drives it.
//
// Words are drawn from the seed articles' own vocabulary ranked by frequency, with p(rank r) ∝ 1/r^s (Zipf). Titles
// are unique by construction: two "core" words come from a keyed bijection of i onto pairs of title words, with at most
// one prefix and one suffix from word lists that no core word belongs to, so a title names its i. Other names carry a
// marker word that no title holds, so they never take another article's address. Sources, media and the figure are
// marked as synthetic (example.org addresses), so nothing here can pass for a real publication.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { emptyFields, emptyOtherNames, emptySourceRow, fieldsToSource, type EditorFields, type MediaRow, type SourceRow } from "./editor-model";
import { parseArticleSource } from "./source";
import { slugify } from "./slug";

/** The revision summary of every generated article: how a load finds what an earlier one wrote. */
export { GENERATED_CORPUS_SUMMARY } from "./generated";
/** The one placeholder figure of every generated article (public/figures). */
export const CORPUS_FIGURE = "/figures/generated-corpus.svg";
export const DEFAULT_CORPUS_WORDS = 800;

export type CorpusBase = {
  /** Every word of the seed articles' bodies, most frequent first. */
  vocabulary: string[];
  /** Content words for titles and headings (no stop words, no decoration or marker words), most frequent first. */
  titleWords: string[];
  /** The seed's categories and subfields, most used first. */
  categories: string[];
  subfields: string[];
  /** The seed articles' addresses and titles, in address order (generated articles link to some of them). */
  seedSlugs: string[];
  seedTitles: Map<string, string>;
  /** Every address the seed owns (its slugs and other names): a generated title never takes one. */
  reserved: Set<string>;
};

export type CorpusOptions = {
  seed?: number;
  /** Mean words per article; each article has between 0.75× and 1.125× this (600–900 for the default 800). */
  words?: number;
  /** The Zipf exponent s of p(r) ∝ 1/r^s. */
  zipf?: number;
  /** The vocabulary and seed facts; read from lib/seed/articles when omitted. */
  base?: CorpusBase;
};

export type CorpusGenerator = {
  /** How many distinct titles this vocabulary can make (the largest i is capacity - 1). */
  capacity: number;
  title(i: number): string;
  slug(i: number): string;
  source(i: number): string;
};

// Decoration words (title prefixes and suffixes) and marker words (only in other names): no core title word is one.
const PREFIXES = ["adult", "digital", "relational", "romantic", "social", "emotional", "online", "parental", "sexual", "workplace"];
const SUFFIXES = ["theory", "model", "cycle", "syndrome", "bias", "style", "hypothesis", "paradox", "phase", "spiral", "dynamics", "response"];
const ALIAS_LEADS = ["informal", "popular", "colloquial", "classic", "everyday"];
const ALIAS_OTHER_LEADS = ["hidden", "quiet", "reverse", "covert", "casual"];
const ALIAS_TAILS = ["phenomenon", "problem", "habit", "tendency", "trap"];
const RESERVED_WORDS = new Set([...PREFIXES, ...SUFFIXES, ...ALIAS_LEADS, ...ALIAS_OTHER_LEADS, ...ALIAS_TAILS]);
const MAX_TITLE_WORDS = 1500;

const STOP_WORDS = new Set(
  (
    "about above after again against also although among another because been before being below between both cannot could does doing down during each " +
    "either else even ever every from further have having here hers herself himself into itself just least less many more most much must neither " +
    "never none often only other others ours ourselves over same several should since some such than that their theirs them themselves then there " +
    "these they this those though through thus together toward towards under until upon very what whatever when where whereas whether which while " +
    "whom whose will with within without would your yours yourself yourselves faqs faq"
  ).split(" "),
);

const INFOBOX_LABELS = ["Term type", "Field", "First described", "Related constructs", "Research status", "Common settings", "Measured by", "Also studied in"];
const FAQ_HEADING = /^(faqs?|frequently asked questions)$/i;
const MEDIA_GROUPS: MediaRow["group"][] = ["film", "television", "literature"];

// ---------------------------------------------------------------------------------------------------------------------
// Randomness: a 32-bit mixer, mulberry32 streams keyed by (seed, i, purpose), and a keyed bijection of [0, n).

function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const streamKey = (seed: number, purpose: number, i = 0) => mix32(mix32(seed ^ Math.imul(purpose, 0x9e3779b9)) ^ mix32(i + 0x632be5ab));
const STREAM = { title: 1, body: 2, coreTitle: 3, coreAlias: 4, coreAliasTail: 5 } as const;

/** A keyed bijection of [0, n) (n ≤ 2^30): a 4-round Feistel network over the next even power of two, cycle-walked. */
function permute(i: number, n: number, key: number): number {
  let half = 1;
  while (2 ** (2 * half) < n) half++;
  const mask = (1 << half) - 1;
  let x = i;
  do {
    let l = x >>> half;
    let r = x & mask;
    for (let round = 0; round < 4; round++) {
      const t = l ^ (mix32(r ^ key ^ Math.imul(round + 1, 0x85ebca6b)) & mask);
      l = r;
      r = t;
    }
    x = ((l << half) | r) >>> 0;
  } while (x >= n);
  return x;
}

/** Cumulative Zipf probabilities of ranks 1..n with exponent s. */
function zipfCdf(n: number, s: number): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 1; r <= n; r++) cdf[r - 1] = sum += 1 / r ** s;
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  return cdf;
}

/** The rank (from 0) whose cumulative probability first exceeds u. */
function sampleRank(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------------------------------
// The base: vocabulary and seed facts, from article sources.

const byCount = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
const tally = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** The words of a text as the corpus uses them: lower case, letters with inner apostrophes or hyphens. */
export function corpusWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/’/g, "'")
      .match(/[a-z]+(?:['-][a-z]+)*/g) ?? []
  );
}

/** Builds the vocabulary and seed facts from article sources (those that do not parse are skipped). */
export function corpusBaseFromSources(sources: readonly string[]): CorpusBase {
  const words = new Map<string, number>();
  const capitalised = new Map<string, number>();
  const categories = new Map<string, number>();
  const subfields = new Map<string, number>();
  const seedTitles = new Map<string, string>();
  const reserved = new Set<string>();
  for (const text of sources) {
    const parsed = parseArticleSource(text);
    if (!parsed.ok) continue;
    const { meta, body, slug } = parsed.value;
    for (const w of corpusWords(body)) tally(words, w);
    // Names (Williams, Gottman): words written with a capital even inside sentences make poor title words.
    for (const m of body.replace(/’/g, "'").matchAll(/(?<![.?!:]\s|^|\n)\b[A-Z][a-z]+(?:['-][a-z]+)*/g)) tally(capitalised, m[0].toLowerCase());
    for (const c of meta.category) tally(categories, c);
    for (const s of meta.subfield) tally(subfields, s);
    seedTitles.set(slug, meta.title);
    reserved.add(slug);
    for (const alias of meta.aliases) reserved.add(slugify(alias.name));
  }
  const vocabulary = byCount(words);
  const titleWords = vocabulary
    .filter((w) => /^[a-z]{4,}$/.test(w) && !STOP_WORDS.has(w) && !RESERVED_WORDS.has(w) && (capitalised.get(w) ?? 0) * 2 < (words.get(w) ?? 0))
    .slice(0, MAX_TITLE_WORDS);
  if (titleWords.length < 20 || byCount(categories).length === 0)
    throw new Error("The corpus needs source articles with at least 20 content words and a category.");
  return {
    vocabulary,
    titleWords,
    categories: byCount(categories),
    subfields: byCount(subfields),
    seedSlugs: [...seedTitles.keys()].sort(),
    seedTitles,
    reserved,
  };
}

let seedBase: CorpusBase | undefined;

/** The base built from lib/seed/articles (read once per process). */
export function seedCorpusBase(dir = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib/seed/articles")): CorpusBase {
  if (seedBase) return seedBase;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort();
  seedBase = corpusBaseFromSources(files.map((f) => readFileSync(path.join(dir, f), "utf8")));
  return seedBase;
}

// ---------------------------------------------------------------------------------------------------------------------
// The generator.

const cap = (w: string) => w.replace(/[a-z]/, (c) => c.toUpperCase());
const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)];

const generators = new WeakMap<CorpusBase, Map<string, CorpusGenerator>>();

/** The generator for these options (memoised: its Zipf tables are built once). */
export function corpusGenerator(options: CorpusOptions = {}): CorpusGenerator {
  const base = options.base ?? seedCorpusBase();
  const seed = options.seed ?? 1;
  const words = options.words ?? DEFAULT_CORPUS_WORDS;
  const zipf = options.zipf ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError("seed must be an integer");
  if (!Number.isInteger(words) || words < 100 || words > 10_000) throw new RangeError("words must be an integer between 100 and 10000");
  const key = `${seed}|${words}|${zipf}`;
  let forBase = generators.get(base);
  if (!forBase) generators.set(base, (forBase = new Map()));
  let generator = forBase.get(key);
  if (!generator) forBase.set(key, (generator = makeGenerator(base, seed, words, zipf)));
  return generator;
}

/** The i-th generated article source (from 0), in the editor's canonical layout. */
export function generateCorpusSource(i: number, options: CorpusOptions = {}): string {
  return corpusGenerator(options).source(i);
}

function makeGenerator(base: CorpusBase, seed: number, meanWords: number, zipf: number): CorpusGenerator {
  const K = base.titleWords.length;
  const capacity = K * K;
  const wordCdf = zipfCdf(base.vocabulary.length, zipf);
  const titleWordCdf = zipfCdf(K, zipf);
  const categoryCdf = zipfCdf(base.categories.length, zipf);
  const subfieldCdf = zipfCdf(Math.max(1, base.subfields.length), zipf);
  const keys = { title: streamKey(seed, STREAM.coreTitle), alias: streamKey(seed, STREAM.coreAlias), aliasTail: streamKey(seed, STREAM.coreAliasTail) };

  const check = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= capacity) throw new RangeError(`article index ${i} is outside 0..${capacity - 1}`);
  };
  /** Two title words from a keyed bijection of i: distinct i, distinct pairs. A pair of one word twice is one word. */
  const core = (i: number, key: number): string[] => {
    const p = permute(i, capacity, key);
    const a = base.titleWords[p % K];
    const b = base.titleWords[Math.floor(p / K)];
    return a === b ? [a] : [a, b];
  };

  const titleCache = new Map<number, string>();
  const title = (i: number): string => {
    check(i);
    const cached = titleCache.get(i);
    if (cached) return cached;
    const random = mulberry32(streamKey(seed, STREAM.title, i));
    const words = core(i, keys.title);
    const d = random();
    const prefix = pick(PREFIXES, random);
    const suffix = pick(SUFFIXES, random);
    // One core word alone always takes a suffix, so every title has 2–4 words.
    const chosen = [d < 0.25 || d >= 0.9 ? [prefix] : [], words, words.length === 1 || d >= 0.7 ? [suffix] : []].flat();
    // A title that is already a seed article's address or other name is decorated otherwise (still a function of i).
    const candidates = [chosen, ...PREFIXES.map((p) => [p, ...words, ...(words.length === 1 ? [suffix] : [])]), ...SUFFIXES.map((s) => [...words, s])];
    const found = candidates.find((c) => !base.reserved.has(c.join("-"))) ?? chosen;
    const text = found.map(cap).join(" ");
    if (titleCache.size > 50_000) titleCache.clear();
    titleCache.set(i, text);
    return text;
  };
  const slug = (i: number) => slugify(title(i));

  const source = (i: number): string => {
    const t = title(i);
    const random = mulberry32(streamKey(seed, STREAM.body, i));
    const chance = (p: number) => random() < p;
    const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const word = () => base.vocabulary[sampleRank(wordCdf, random())];
    const titleWord = () => base.titleWords[sampleRank(titleWordCdf, random())];
    const topic = t.toLowerCase();
    let written = 0;

    const sentence = (n: number, mention?: string): string => {
      const out: string[] = [];
      for (let k = 0; k < n; k++) {
        let w = word();
        if (chance(0.01)) w = `*${w}*`;
        out.push(k < n - 1 && chance(0.07) ? `${w},` : w);
      }
      if (mention) out.splice(between(1, out.length), 0, mention);
      written += out.length + (mention ? mention.split(" ").length - 1 : 0);
      return `${cap(out.join(" "))}.`;
    };
    const paragraph = (quota: number, mention: boolean): string => {
      const goal = written + quota;
      const sentences: string[] = [];
      // The last sentence is cut to the paragraph's share (at least 6 words), so articles keep to their length.
      while (written < goal || sentences.length === 0) {
        sentences.push(sentence(Math.max(6, Math.min(between(8, 22), goal - written)), mention && sentences.length === 0 ? topic : undefined));
      }
      return sentences.join(" ");
    };
    const heading = (): string => {
      const text = Array.from({ length: between(1, 3) }, () => cap(titleWord())).join(" ");
      return FAQ_HEADING.test(text) ? heading() : text; // only the FAQs section may be called that
    };

    const total = Math.round(meanWords * (0.75 + 0.375 * random()));
    // Shares of the prose; headings, lists and the title's mentions make up the remaining eighth.
    // Structure first, then each paragraph's share of the words.
    const sections = Array.from({ length: between(6, 8) }, () => {
      const subsections = chance(0.35) ? between(2, 3) : 0;
      return { subsections, paragraphs: subsections > 0 ? subsections : between(1, 3), list: chance(0.15) };
    });
    const paragraphs = sections.reduce((n, s) => n + s.paragraphs, 0);
    const faqCount = between(3, 4);
    const perParagraph = Math.max(12, Math.round((total * 0.65) / paragraphs));
    const perAnswer = Math.max(10, Math.round((total * 0.13) / faqCount));

    let lead = `**${t}** is ${paragraph(Math.round(total * 0.05), false).replace(/^./, (c) => c.toLowerCase())}`;
    lead += `\n\n${paragraph(Math.round(total * 0.05), true)}`;
    while (lead.length < 260) lead += ` ${sentence(12)}`;

    const related = relatedArticles(i, random);
    const blocks: string[] = [lead];
    for (const s of sections) {
      blocks.push(`## ${heading()}`);
      if (s.subsections > 0) {
        for (let k = 0; k < s.subsections; k++) blocks.push(`### ${heading()}`, paragraph(perParagraph, chance(0.3)));
      } else {
        for (let k = 0; k < s.paragraphs; k++) blocks.push(paragraph(perParagraph, k === 0 && chance(0.4)));
      }
      if (s.list) blocks.push(Array.from({ length: between(3, 5) }, () => `- ${sentence(between(3, 7))}`).join("\n"));
    }
    const questions = [
      `What is ${topic}?`,
      `How is ${topic} different from ${related[0].title.toLowerCase()}?`,
      `Is ${topic} ${word()} ${word()}?`,
      `Why does ${titleWord()} matter for ${topic}?`,
      `${cap([word(), word(), word(), titleWord()].join(" "))}?`,
    ];
    blocks.push("## FAQs");
    for (let k = 0; k < faqCount; k++) blocks.push(`### ${questions[k === 0 ? 0 : between(1, questions.length - 1)]}`, paragraph(perAnswer, false));

    const aliasCore = core(i, keys.alias);
    const tailCore = core(i, keys.aliasTail);
    const fields: EditorFields = {
      ...emptyFields,
      title: t,
      summary: summary(sentence(between(14, 24), topic)),
      category: distinct(between(1, 3), () => base.categories[sampleRank(categoryCdf, random())]).join(", "),
      subfield: base.subfields.length ? distinct(between(0, 2), () => base.subfields[sampleRank(subfieldCdf, random())]).join(", ") : "",
      // Three other names: the title with a marker word before it, and two phrases of other words (not in the title).
      aliases: {
        ...emptyOtherNames,
        other: [
          `${pick(ALIAS_LEADS, random)} ${topic}`,
          [pick(ALIAS_OTHER_LEADS, random), ...aliasCore].join(" "),
          [...tailCore, pick(ALIAS_TAILS, random)].join(" "),
        ].join(", "),
      },
      sensitive: chance(0.02),
      related: related.map((r) => r.slug).join(", "),
      infobox: [
        { label: "Corpus entry", value: `Synthetic article ${i + 1} (generated corpus)` },
        ...shuffled(INFOBOX_LABELS, random)
          .slice(0, between(3, 5))
          .map((label) => ({ label, value: cap(Array.from({ length: between(2, 6) }, titleWord).join(" ")) })),
      ],
      figureSrc: CORPUS_FIGURE,
      figureAlt: "Placeholder image of a generated corpus article: four bars inside a dashed frame.",
      figureCaption: `A placeholder: ${t} is a synthetic article of the generated corpus.`,
      // In the order of the editor's groups, as the editor writes them back.
      media: Array.from({ length: between(2, 3) }, (_, k) => ({
        group: pick(MEDIA_GROUPS, random),
        title: `Synthetic work ${i + 1}.${k + 1} (generated corpus)`,
        year: String(between(1950, 2024)),
        note: sentence(between(10, 20), topic),
      })).sort((a, b) => MEDIA_GROUPS.indexOf(a.group) - MEDIA_GROUPS.indexOf(b.group)),
      sources: Array.from({ length: between(3, 6) }, (_, k): SourceRow => ({
        ...emptySourceRow,
        author: "Generated corpus",
        year: String(between(1970, 2024)),
        title: `Synthetic reference ${i + 1}.${k + 1} (generated corpus)`,
        venue: "Not a real publication",
        url: `https://example.org/corpus/${i + 1}/${k + 1}`,
        doi: "",
      })),
      body: blocks.join("\n\n"),
    };
    return fieldsToSource(fields);
  };

  // Related articles: earlier generated ones (near and far), so every prefix 0..n of the corpus links only inside itself,
  // and seed articles: always when there are too few earlier ones, one in three articles otherwise.
  const relatedArticles = (i: number, random: () => number): { slug: string; title: string }[] => {
    const want = 3 + Math.floor(random() * 4);
    const chosen = new Map<string, string>();
    for (let tries = 0; i > 0 && chosen.size < want && tries < want * 4; tries++) {
      const j = random() < 0.5 ? Math.max(0, i - 1 - Math.floor(random() * 50)) : Math.floor(random() * i);
      chosen.set(slug(j), title(j));
    }
    const seeds = shuffled(base.seedSlugs, random);
    const seedsWanted = Math.max(want - chosen.size, random() < 0.3 ? 1 : 0);
    for (const s of seeds.slice(0, seedsWanted)) chosen.set(s, base.seedTitles.get(s) ?? s);
    return [...chosen].map(([s, t]) => ({ slug: s, title: t }));
  };

  return { capacity, title, slug, source };
}

function distinct(n: number, draw: () => string): string[] {
  const out = new Set<string>();
  for (let tries = 0; out.size < n && tries < n * 10; tries++) out.add(draw());
  return [...out];
}

function shuffled<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let k = out.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [out[k], out[j]] = [out[j], out[k]];
  }
  return out;
}

/** A summary of at most 300 characters, ending on a word. */
function summary(text: string): string {
  if (text.length <= 290) return text;
  return `${text
    .slice(0, 290)
    .replace(/\s+\S*$/, "")
    .replace(/[,.]$/, "")}.`;
}
