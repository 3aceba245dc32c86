import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it } from "vitest";
import { RiskFlags } from "@/app/moderation/risk-flags";
import { hostileBodies } from "../support/hostile";
import { addedShingles, proseWords, SHINGLE_WORDS, shingleHash, shingleHashes } from "@/lib/articles/shingles";
import { parseEnv, resetEnvCache } from "@/lib/env";
import {
  computeRiskFlags,
  copiedTextFlag,
  externalLinksFlag,
  linksOf,
  manyProposalsFlag,
  newAuthorFlag,
  readRiskText,
  removedTextFlag,
  removedWords,
  riskThresholds,
  sectionHeadings,
  sensitiveFlag,
  sourcesFlag,
  type AuthorFacts,
  type RiskFacts,
} from "@/lib/moderation/risk";

const RISK_KEYS = ["RISK_REMOVED_TEXT_PERCENT", "RISK_NEW_ACCOUNT_HOURS", "RISK_COPIED_SHINGLES", "RISK_PROPOSALS_PER_HOUR"] as const;
const saved = Object.fromEntries(RISK_KEYS.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of RISK_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvCache();
});

function setEnv(values: Partial<Record<(typeof RISK_KEYS)[number], string>>) {
  for (const [k, v] of Object.entries(values)) process.env[k] = v;
  resetEnvCache();
}

type Src = { author: string; year: number; title: string; url?: string; doi?: string; venue?: string };
const yamlSource = (s: Src) =>
  `{ author: "${s.author}", year: ${s.year}, title: "${s.title}"${s.venue ? `, venue: "${s.venue}"` : ""}${s.url ? `, url: "${s.url}"` : ""}${s.doi ? `, doi: "${s.doi}"` : ""} }`;

function article(body: string, opts: { sources?: Src[]; sensitive?: boolean; figure?: string } = {}): string {
  const lines = ["---", "title: Risk Test", "summary: A short summary.", "category: [Testing]"];
  if (opts.sensitive) lines.push("sensitive: true");
  if (opts.figure) lines.push(`figure: { src: "${opts.figure}", alt: "A figure" }`);
  if (opts.sources?.length) lines.push(`sources: [${opts.sources.map(yamlSource).join(", ")}]`);
  return `${lines.join("\n")}\n---\n${body}\n`;
}

const text = (body: string, opts?: Parameters<typeof article>[1]) => {
  const t = readRiskText(article(body, opts));
  expect(t.parsed).toBe(true);
  return t;
};

const LEAD = "Stonewalling is a pattern of withdrawal during conflict in which one partner stops responding.";
const words = (n: number, seed = "word") => Array.from({ length: n }, (_, i) => `${seed}${i}`).join(" ");
const oldAuthor: AuthorFacts = { accountCreatedAt: new Date("2020-01-01T00:00:00Z"), otherProposals: 12, proposalsLastHour: 1 };
const NOW = new Date("2026-12-02T12:00:00Z");

describe("shingles", () => {
  it("reads words as a reader sees them: case, accents, apostrophes and link addresses folded away", () => {
    expect(proseWords("Don’t **Stop** — [the Café](https://example.org/x) and <https://other.example> now!")).toEqual([
      "dont",
      "stop",
      "the",
      "cafe",
      "and",
      "now",
    ]);
  });

  it("hashes every run of 8 words, the same run to the same signed 64-bit value", () => {
    expect(SHINGLE_WORDS).toBe(8);
    expect(shingleHashes(proseWords(words(7))).size).toBe(0);
    expect(shingleHashes(proseWords(words(8))).size).toBe(1);
    expect(shingleHashes(proseWords(words(20))).size).toBe(13);
    const h = shingleHash(["a", "b", "c", "d", "e", "f", "g", "h"]);
    expect(h).toBe(shingleHash("a b c d e f g h".split(" ")));
    expect(BigInt(h) >= -(2n ** 63n) && BigInt(h) < 2n ** 63n).toBe(true);
    expect(shingleHash("a b c d e f g i".split(" "))).not.toBe(h);
  });

  it("finds only the runs a change adds", () => {
    const base = proseWords(words(30));
    expect(addedShingles(base, base).size).toBe(0);
    // Ten new words in the middle: only the 17 runs that overlap them are new.
    const after = [...base.slice(0, 15), ...proseWords(words(10, "new")), ...base.slice(15)];
    expect(addedShingles(base, after).size).toBe(17);
    expect(addedShingles([], proseWords(words(12))).size).toBe(5);
  });
});

describe("thresholds from the environment", () => {
  it("has defaults", () => {
    const e = parseEnv({});
    expect(riskThresholds(e)).toEqual({ removedTextPercent: 30, newAccountHours: 24, copiedShingles: 20, proposalsPerHour: 5 });
  });

  it("reads each variable, and refuses a bad one by name", () => {
    expect(
      riskThresholds(parseEnv({ RISK_REMOVED_TEXT_PERCENT: "50", RISK_NEW_ACCOUNT_HOURS: "72", RISK_COPIED_SHINGLES: "3", RISK_PROPOSALS_PER_HOUR: "2" })),
    ).toEqual({
      removedTextPercent: 50,
      newAccountHours: 72,
      copiedShingles: 3,
      proposalsPerHour: 2,
    });
    expect(() => parseEnv({ RISK_REMOVED_TEXT_PERCENT: "120" })).toThrow(/RISK_REMOVED_TEXT_PERCENT/);
    expect(() => parseEnv({ RISK_PROPOSALS_PER_HOUR: "0" })).toThrow(/RISK_PROPOSALS_PER_HOUR/);
  });
});

describe("1. external links", () => {
  it("names the domains of links the proposal adds, in the body, in sources and a figure", () => {
    const base = text(`${LEAD} See [Gottman](https://www.gottman.com/blog).`);
    const proposed = text(`${LEAD} See [Gottman](https://www.gottman.com/blog) and [this](https://spam.example/buy), https://bare.example.net/page.`, {
      sources: [{ author: "Johnson, S.", year: 2004, title: "Hold Me Tight", url: "https://books.example.org/hmt" }],
      figure: "https://images.example.com/f.png",
    });
    const flag = externalLinksFlag(base, proposed, "attune.example");
    expect(flag?.kind).toBe("external-links");
    expect(flag?.reason).toBe("Adds 4 external links to bare.example.net, books.example.org, images.example.com and spam.example.");
    expect(flag?.reason).not.toContain("gottman");
  });

  it("does not flag links already in the base, links to the site itself, or internal paths", () => {
    const base = text(`${LEAD} See [Gottman](https://www.gottman.com/blog).`);
    const proposed = text(`${LEAD} See [Gottman](https://www.gottman.com/blog), [us](https://attune.example/wiki/jealousy) and [jealousy](/wiki/jealousy).`);
    expect(externalLinksFlag(base, proposed, "attune.example")).toBeNull();
  });

  it("counts a scheme-less //host link, which leaves the site all the same", () => {
    expect(linksOf(text(`${LEAD} [x](//evil.example/path)`)).map((u) => u.hostname)).toEqual(["evil.example"]);
    expect(externalLinksFlag(null, text(`${LEAD} [x](//evil.example/path)`), "attune.example")?.reason).toContain("evil.example");
  });

  it("counts an address anywhere in the front matter, such as an infobox value", () => {
    const base = readRiskText(article(LEAD));
    const proposed = readRiskText(
      article(LEAD).replace("category: [Testing]", "category: [Testing]\ninfobox:\n  - { label: Site, value: https://promo.example/x }"),
    );
    expect(proposed.parsed).toBe(true);
    expect(externalLinksFlag(base, proposed, "attune.example")?.reason).toBe("Adds 1 external link to promo.example.");
  });

  it("flags every link of a new article", () => {
    expect(externalLinksFlag(null, text(`${LEAD} [a](https://a.example)`), "attune.example")?.reason).toBe("Adds 1 external link to a.example.");
  });
});

describe("2. removed text and sections", () => {
  const base = `${LEAD}\n\n## History\n${words(60, "hist")}\n\n## Research\n${words(40, "res")}`;

  it("counts removed words as a share of the base's words", () => {
    expect(removedWords(["a", "b", "c", "d"], ["a", "c"])).toEqual({ removed: 2, total: 4 });
    expect(removedWords(["a", "a", "b"], ["a", "b", "b"])).toEqual({ removed: 1, total: 3 });
  });

  it("flags more than the threshold removed, and says how much", () => {
    const proposed = `${LEAD}\n\n## History\n${words(10, "hist")}\n\n## Research\n${words(40, "res")}`;
    const flag = removedTextFlag(text(base), text(proposed), 30);
    expect(flag?.kind).toBe("removes-text");
    expect(flag?.reason).toBe("Removes 43% of the text (50 of 116 words; the limit is 30%).");
    expect(removedTextFlag(text(base), text(proposed), 45)).toBeNull();
  });

  it("reads its threshold from RISK_REMOVED_TEXT_PERCENT", () => {
    const proposed = `${LEAD}\n\n## History\n${words(30, "hist")}\n\n## Research\n${words(40, "res")}`; // 30 of 116 words: 26%
    const facts: RiskFacts = { base: text(base), proposed: text(proposed), siteHost: "attune.example", author: oldAuthor, copiedFrom: [], now: NOW };
    expect(computeRiskFlags(facts).map((f) => f.kind)).toEqual([]);
    setEnv({ RISK_REMOVED_TEXT_PERCENT: "25" });
    expect(computeRiskFlags(facts).map((f) => f.kind)).toEqual(["removes-text"]);
  });

  it("flags a whole ## section gone, even when little text goes with it", () => {
    const small = `${LEAD}\n\n## History\n${words(60, "hist")}\n\n## Tiny\nOne line.\n\n### Sub\nKept ## not a heading`;
    expect(sectionHeadings(small)).toEqual(["History", "Tiny"]);
    const flag = removedTextFlag(text(small), text(`${LEAD}\n\n## History\n${words(60, "hist")}\n\nOne line.`), 30);
    expect(flag?.reason).toBe("The section “Tiny” is gone (removed or renamed).");
    // The same headings, differently cased or spaced, are the same sections.
    expect(removedTextFlag(text(small), text(small.replace("## History", "##   history ")), 30)).toBeNull();
  });

  it("ignores ## lines inside code blocks", () => {
    expect(sectionHeadings("Lead.\n\n```\n## not a heading\n```\n\n## Real")).toEqual(["Real"]);
  });

  it("never flags a new article", () => {
    expect(removedTextFlag(null, text(LEAD), 30)).toBeNull();
  });
});

describe("3. sources", () => {
  const gottman: Src = { author: "Gottman, J. M.", year: 1994, title: "What Predicts Divorce?", doi: "10.4324/9781315806808" };
  const johnson: Src = { author: "Johnson, S.", year: 2004, title: "The Practice of Emotionally Focused Couple Therapy" };
  const bowlby: Src = { author: "Bowlby, J.", year: 1969, title: "Attachment", url: "https://example.org/bowlby" };

  it("flags a removed source and a changed one, by name", () => {
    const base = text(LEAD, { sources: [gottman, johnson, bowlby] });
    const proposed = text(LEAD, { sources: [{ ...gottman, title: "What Predicts Divorce? (2nd ed.)" }, bowlby] });
    expect(sourcesFlag(base, proposed)).toEqual({ kind: "sources-changed", reason: "Removes 1 source (Johnson, 2004) and changes 1 source (Gottman, 1994)." });
  });

  it("matches a source without DOI or address by author and year when its title is corrected", () => {
    const base = text(LEAD, { sources: [johnson] });
    expect(sourcesFlag(base, text(LEAD, { sources: [{ ...johnson, title: "The Practice of EFT" }] }))?.reason).toBe("Changes 1 source (Johnson, 2004).");
  });

  it("does not flag sources that are only added or reordered", () => {
    const base = text(LEAD, { sources: [gottman, johnson] });
    expect(sourcesFlag(base, text(LEAD, { sources: [johnson, gottman, bowlby] }))).toBeNull();
    expect(sourcesFlag(null, text(LEAD, { sources: [gottman] }))).toBeNull();
  });
});

describe("4. sensitive articles", () => {
  it("flags a sensitive base, a mark removed, a mark added, and a sensitive new article", () => {
    expect(sensitiveFlag(text(LEAD, { sensitive: true }), text(`${LEAD} More.`, { sensitive: true }))?.reason).toBe("The article is marked sensitive.");
    expect(sensitiveFlag(text(LEAD, { sensitive: true }), text(LEAD))?.reason).toBe("The article is marked sensitive, and this proposal removes the mark.");
    expect(sensitiveFlag(text(LEAD), text(LEAD, { sensitive: true }))?.reason).toBe("This proposal marks the article sensitive.");
    expect(sensitiveFlag(null, text(LEAD, { sensitive: true }))?.reason).toBe("The new article is marked sensitive.");
    expect(sensitiveFlag(text(LEAD), text(`${LEAD} More.`))).toBeNull();
  });
});

describe("5. new authors", () => {
  it("flags a first proposal and an account under the threshold, each in words", () => {
    expect(newAuthorFlag({ ...oldAuthor, otherProposals: 0 }, NOW, 24)?.reason).toBe("The author's first proposal.");
    const young = { ...oldAuthor, accountCreatedAt: new Date(NOW.getTime() - 3 * 3_600_000 - 60_000) };
    expect(newAuthorFlag(young, NOW, 24)?.reason).toBe("The account was created 3 hours ago (under 24 hours).");
    expect(newAuthorFlag({ ...young, accountCreatedAt: new Date(NOW.getTime() - 5 * 60_000), otherProposals: 0 }, NOW, 24)?.reason).toBe(
      "The author's first proposal. The account was created 5 minutes ago (under 24 hours).",
    );
    expect(newAuthorFlag({ ...oldAuthor, accountCreatedAt: new Date(NOW.getTime() - 20_000) }, NOW, 24)?.reason).toBe(
      "The account was created less than a minute ago (under 24 hours).",
    );
    expect(newAuthorFlag(oldAuthor, NOW, 24)).toBeNull();
  });

  it("reads the account age from RISK_NEW_ACCOUNT_HOURS", () => {
    const twoDays: RiskFacts = {
      base: text(LEAD),
      proposed: text(`${LEAD} More.`),
      siteHost: "attune.example",
      author: { ...oldAuthor, accountCreatedAt: new Date(NOW.getTime() - 48 * 3_600_000) },
      copiedFrom: [],
      now: NOW,
    };
    expect(computeRiskFlags(twoDays)).toEqual([]);
    setEnv({ RISK_NEW_ACCOUNT_HOURS: "72" });
    expect(computeRiskFlags(twoDays)).toEqual([{ kind: "new-author", reason: "The account was created 48 hours ago (under 72 hours)." }]);
  });
});

describe("6. text already elsewhere on the site", () => {
  it("names the articles with enough shared runs, most first", () => {
    const flag = copiedTextFlag(
      [
        { title: "Jealousy", slug: "jealousy", shared: 25 },
        { title: "Attachment Styles", slug: "attachment-styles", shared: 40 },
        { title: "Benching", slug: "benching", shared: 4 },
      ],
      20,
    );
    expect(flag).toEqual({
      kind: "copied-text",
      reason: "Adds text already on the site: 40 runs in “Attachment Styles” and 25 in “Jealousy” (runs of 8 words; 20 or more count).",
    });
    expect(copiedTextFlag([{ title: "Benching", slug: "benching", shared: 19 }], 20)).toBeNull();
  });

  it("reads its threshold from RISK_COPIED_SHINGLES", () => {
    const facts: RiskFacts = {
      base: text(LEAD),
      proposed: text(`${LEAD} More.`),
      siteHost: "attune.example",
      author: oldAuthor,
      copiedFrom: [{ title: "Benching", slug: "benching", shared: 6 }],
      now: NOW,
    };
    expect(computeRiskFlags(facts)).toEqual([]);
    setEnv({ RISK_COPIED_SHINGLES: "5" });
    expect(computeRiskFlags(facts).map((f) => f.kind)).toEqual(["copied-text"]);
  });
});

describe("7. many proposals in the last hour", () => {
  it("flags the threshold reached, this proposal counted", () => {
    expect(manyProposalsFlag({ ...oldAuthor, proposalsLastHour: 4 }, 5)).toBeNull();
    expect(manyProposalsFlag({ ...oldAuthor, proposalsLastHour: 5 }, 5)).toEqual({
      kind: "many-proposals",
      reason: "5 proposals from this author in the last hour (5 or more count).",
    });
  });

  it("reads its threshold from RISK_PROPOSALS_PER_HOUR", () => {
    const facts: RiskFacts = {
      base: text(LEAD),
      proposed: text(`${LEAD} More.`),
      siteHost: "attune.example",
      author: { ...oldAuthor, proposalsLastHour: 3 },
      copiedFrom: [],
      now: NOW,
    };
    expect(computeRiskFlags(facts)).toEqual([]);
    setEnv({ RISK_PROPOSALS_PER_HOUR: "3" });
    expect(computeRiskFlags(facts).map((f) => f.kind)).toEqual(["many-proposals"]);
  });
});

describe("all flags together", () => {
  it("lists every flag that applies, in a fixed order, and none for a plain small edit", () => {
    const base = text(`${LEAD}\n\n## History\n${words(40, "h")}`, { sensitive: true, sources: [{ author: "A, B.", year: 2000, title: "T" }] });
    const proposed = text(`${LEAD} [x](https://x.example)`, { sensitive: true });
    const facts: RiskFacts = {
      base,
      proposed,
      siteHost: "attune.example",
      author: { accountCreatedAt: new Date(NOW.getTime() - 60_000), otherProposals: 0, proposalsLastHour: 9 },
      copiedFrom: [{ title: "Benching", slug: "benching", shared: 99 }],
      now: NOW,
    };
    expect(computeRiskFlags(facts).map((f) => f.kind)).toEqual([
      "external-links",
      "removes-text",
      "sources-changed",
      "sensitive",
      "new-author",
      "copied-text",
      "many-proposals",
    ]);
    expect(computeRiskFlags({ ...facts, base: text(LEAD), proposed: text(`${LEAD} One more sentence.`), author: oldAuthor, copiedFrom: [] })).toEqual([]);
  });

  it("still reads a base that no longer parses, as text without fields", () => {
    const broken = readRiskText("---\ntitle: [unclosed\n---\nSome old text with a link https://old.example/a.\n");
    expect(broken.parsed).toBe(false);
    expect(broken.body).toContain("Some old text");
    expect(externalLinksFlag(broken, text(`${LEAD} https://old.example/a`), "attune.example")).toBeNull();
  });
});

describe("hostile texts", () => {
  const KB = 99 * 1024;
  const shapes: Record<string, string> = {
    ...hostileBodies,
    "autolink openings": `Lead.\n\n${"<https://".repeat(KB / 9)}`,
    "closing hashes": `Lead.\n\n## ${"# ".repeat(KB / 2)}x`,
    "address ending in punctuation": `Lead.\n\nhttps://a.example/${".,".repeat(KB / 2)}x`,
    "blank lines": `Lead.${"\n".repeat(KB)}x`,
    "reference openings": `Lead.\n\n${"[x".repeat(KB / 2)}`,
    "scheme-less openings": `Lead.\n\n${"](   ".repeat(KB / 5)}`,
  };
  // The rules' own patterns (the parser has tests of its own; hashing shingles is a fixed cost per word): linear, so
  // well under a second even on a loaded machine, where a quadratic pattern takes seconds to minutes on these shapes.
  it.each(Object.keys(shapes))("computes every flag on %s in well under a second", (name) => {
    const started = performance.now();
    const body = shapes[name];
    const base = { body, words: proseWords(body), sources: [], sensitive: false, figureSrc: null, parsed: true, frontMatter: body };
    const more = `${body}\n\nOne more sentence of text at the end.`;
    const proposed = { ...base, body: more, words: proseWords(more) };
    computeRiskFlags(
      { base, proposed, siteHost: "attune.example", author: oldAuthor, copiedFrom: [], now: NOW },
      { removedTextPercent: 30, newAccountHours: 24, copiedShingles: 20, proposalsPerHour: 5 },
    );
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("<RiskFlags>", () => {
  const flags = [
    { kind: "external-links" as const, reason: "Adds 1 external link to a.example." },
    { kind: "new-author" as const, reason: "The author's first proposal." },
  ];

  it("lists each flag in words with its reason shown (review page)", () => {
    const html = renderToStaticMarkup(RiskFlags({ flags }));
    expect(html).toContain('aria-label="2 risk flags"');
    expect(html).toContain("<strong>External links</strong>");
    expect(html).toContain('<span class="risk-flag__reason">: Adds 1 external link to a.example.</span>');
    expect(html).toContain("<strong>New author</strong>");
  });

  it("keeps the reason for screen readers and the tooltip in a queue row, and says None without flags", () => {
    const html = renderToStaticMarkup(RiskFlags({ flags, compact: true }));
    expect(html).toContain('title="Adds 1 external link to a.example."');
    expect(html).toContain('<span class="visually-hidden">: Adds 1 external link to a.example.</span>');
    expect(renderToStaticMarkup(RiskFlags({ flags: [], compact: true }))).toContain("None");
    expect(renderToStaticMarkup(RiskFlags({ flags: [] }))).toBe("");
  });
});
