// Risk flags: what a moderator should look at twice in a proposal, each with its reason in words. Computed once when
// a proposal is submitted or resubmitted (lib/moderation/risk-check.ts gathers the facts from the database) and
// stored with it. Everything here is pure: the rules take the texts, the facts and the thresholds.
import { countCitationsNeeded } from "../articles/citations";
import { sourcePartKeys } from "../articles/fields";
import { splitSections } from "../articles/sections";
import { parseArticleSource, type ArticleMeta } from "../articles/source";
import { proseWords } from "../articles/shingles";
import { env, type Env } from "../env";
import { trimEnd } from "../text";
import { matchCitations } from "./structured-diff";

export const riskKinds = [
  "external-links",
  "removes-text",
  "sources-changed",
  "citation-needed",
  "sensitive",
  "new-author",
  "copied-text",
  "many-proposals",
] as const;
export type RiskKind = (typeof riskKinds)[number];
export type RiskFlag = { kind: RiskKind; reason: string };

/** The chip's words: short, so a queue row stays one line; the reason says the rest. */
export const riskLabels: Record<RiskKind, string> = {
  "external-links": "External links",
  "removes-text": "Removes text",
  "sources-changed": "Sources changed",
  "citation-needed": "Citation needed",
  sensitive: "Sensitive article",
  "new-author": "New author",
  "copied-text": "Text from elsewhere",
  "many-proposals": "Many proposals",
};

export function isRiskKind(value: unknown): value is RiskKind {
  return typeof value === "string" && (riskKinds as readonly string[]).includes(value);
}

export type RiskThresholds = {
  /** A proposal removing more than this share of the base's words (percent) is flagged. */
  removedTextPercent: number;
  /** An account younger than this (hours) is new. */
  newAccountHours: number;
  /** Added 8-word runs that must match one other article before it counts as copied. */
  copiedShingles: number;
  /** Proposals by one author in the last hour (this one included) that count as many. */
  proposalsPerHour: number;
};

export function riskThresholds(e: Env = env()): RiskThresholds {
  return {
    removedTextPercent: e.RISK_REMOVED_TEXT_PERCENT,
    newAccountHours: e.RISK_NEW_ACCOUNT_HOURS,
    copiedShingles: e.RISK_COPIED_SHINGLES,
    proposalsPerHour: e.RISK_PROPOSALS_PER_HOUR,
  };
}

type Source = ArticleMeta["sources"][number];

/** The parts of a source text the rules read; `words` are the body's (proseWords), read once for every rule. */
export type RiskText = { body: string; words: string[]; sources: Source[]; sensitive: boolean; figureSrc: string | null; parsed: boolean; frontMatter: string };

/**
 * Reads a source for the rules; a base that no longer parses (an old revision) still gives its text, without fields.
 * Not normalised first: the rules compare words and fields, which line ends and trailing spaces do not change.
 */
export function readRiskText(source: string): RiskText {
  const text = source.replace(/\r\n?/g, "\n");
  const closing = /^---\n[\s\S]*?\n---[ \t]*(?:\n|$)/.exec(text);
  const frontMatter = closing ? closing[0] : "";
  const parsed = parseArticleSource(text);
  if (parsed.ok) {
    const { body, meta } = parsed.value;
    return { body, words: proseWords(body), sources: meta.sources, sensitive: meta.sensitive, figureSrc: meta.figure?.src ?? null, parsed: true, frontMatter };
  }
  const body = text.slice(frontMatter.length);
  return { body, words: proseWords(body), sources: [], sensitive: false, figureSrc: null, parsed: false, frontMatter };
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** "a", "a and b", "a, b and c", "a, b, c and 4 more" */
function listOf(items: string[], max = 5): string {
  const shown = items.length > max ? [...items.slice(0, max), `${items.length - max} more`] : items;
  return shown.length <= 1 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

// ---- 1. external links ----

// Every pattern here runs on untrusted text of up to MAX_SOURCE_KB, so none may backtrack: each is linear.
const URL_IN_TEXT = /https?:\/\/[^\s<>()[\]{}"'`]+/gi;
// A link whose address starts with // has no scheme, so the sanitiser lets it through as "relative": it leaves the site all the same.
const SCHEMELESS_LINK = /(?:\]\([ \t]*<?|^[ \t]{0,3}\[[^\]\n]{1,300}\]:[ \t]*<?)(\/\/[^\s<>()"'`]+)/gm;

/**
 * Every absolute address in a text, as URL objects: body links and bare addresses, and any address in the front matter
 * (sources, an https figure, an infobox value), read from the fields and from the text alike.
 */
export function linksOf(text: RiskText): URL[] {
  const raw = [
    ...(text.body.match(URL_IN_TEXT) ?? []),
    ...[...text.body.matchAll(SCHEMELESS_LINK)].map((m) => `https:${m[1]}`),
    ...(text.frontMatter.match(URL_IN_TEXT) ?? []),
    ...text.sources.flatMap((s) => (s.url ? [s.url] : [])),
    ...(text.figureSrc && /^https?:/i.test(text.figureSrc) ? [text.figureSrc] : []),
  ];
  const urls: URL[] = [];
  for (const r of raw) {
    try {
      urls.push(new URL(trimEnd(r, ".,;:!?*_~")));
    } catch {
      // Not an address after all (the parser already refuses bad source URLs); nothing to flag.
    }
  }
  return urls;
}

const domainOf = (u: URL) => u.hostname.toLowerCase().replace(/^www\./, "");

export function externalLinksFlag(base: RiskText | null, proposed: RiskText, siteHost: string): RiskFlag | null {
  const site = siteHost.toLowerCase().replace(/^www\./, "");
  const known = new Set((base ? linksOf(base) : []).map((u) => u.href));
  const added = new Map<string, URL>();
  for (const u of linksOf(proposed)) if (!known.has(u.href) && domainOf(u) !== site) added.set(u.href, u);
  if (added.size === 0) return null;
  const domains = [...new Set([...added.values()].map(domainOf))].sort();
  return { kind: "external-links", reason: `Adds ${count(added.size, "external link")} to ${listOf(domains)}.` };
}

// ---- 2. removed text or sections ----

/** The `## ` headings of a Markdown body (code blocks skipped), as written: the sections the diff also aligns. */
export function sectionHeadings(body: string): string[] {
  return splitSections(body).flatMap((s) => (s.title ? [s.title] : []));
}

/** How many of `before`'s words are gone from `after`, counting each word as often as it occurs (order ignored: linear). */
export function removedWords(words: readonly string[], after: readonly string[]): { removed: number; total: number } {
  const left = new Map<string, number>();
  for (const w of words) left.set(w, (left.get(w) ?? 0) + 1);
  for (const w of after) {
    const n = left.get(w);
    if (n) left.set(w, n - 1);
  }
  let removed = 0;
  for (const n of left.values()) removed += n;
  return { removed, total: words.length };
}

export function removedTextFlag(base: RiskText | null, proposed: RiskText, percent: number): RiskFlag | null {
  if (!base) return null;
  const reasons: string[] = [];
  const { removed, total } = removedWords(base.words, proposed.words);
  if (total > 0 && (removed / total) * 100 > percent) {
    reasons.push(
      `Removes ${Math.round((removed / total) * 100)}% of the text (${removed.toLocaleString("en")} of ${count(total, "word")}; the limit is ${percent}%).`,
    );
  }
  const key = (h: string) => proseWords(h).join(" ");
  const kept = new Set(sectionHeadings(proposed.body).map(key));
  const gone = sectionHeadings(base.body).filter((h) => !kept.has(key(h)));
  if (gone.length > 0) {
    reasons.push(
      `${gone.length === 1 ? "The section" : "The sections"} ${listOf(
        gone.map((h) => `“${h}”`),
        8,
      )} ${gone.length === 1 ? "is" : "are"} gone (removed or renamed).`,
    );
  }
  return reasons.length > 0 ? { kind: "removes-text", reason: reasons.join(" ") } : null;
}

// ---- 3. sources changed or removed ----

const norm = (v: unknown) =>
  String(v ?? "")
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");
const sourceFields = (s: Source) => JSON.stringify(sourcePartKeys.map((k) => norm(s[k])));
const sourceName = (s: Source) => `${s.author.split(/[,;&]| and /)[0].trim()}, ${s.year}`;

export function sourcesFlag(base: RiskText | null, proposed: RiskText): RiskFlag | null {
  if (!base || !base.parsed) return null;
  // Paired as the moderator's diff pairs them (DOI, address, author + year + title, then author + year).
  const { pairs, removed } = matchCitations(base.sources, proposed.sources);
  const changed = pairs.filter(([b, a]) => sourceFields(b) !== sourceFields(a)).map(([b]) => b);
  if (removed.length === 0 && changed.length === 0) return null;
  const parts = [
    ...(removed.length ? [`removes ${count(removed.length, "source")} (${listOf(removed.map(sourceName))})`] : []),
    ...(changed.length ? [`changes ${count(changed.length, "source")} (${listOf(changed.map(sourceName))})`] : []),
  ];
  const sentence = parts.join(" and ");
  return { kind: "sources-changed", reason: `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.` };
}

// ---- 3b. claims marked "citation needed" ----

/**
 * A proposal that adds "[citation needed]" marks (claims without a source): flagged with the count, so the queue shows
 * how many the text would then carry. A proposal that only keeps or removes marks already there is not flagged.
 */
export function citationNeededFlag(base: RiskText | null, proposed: RiskText): RiskFlag | null {
  const after = countCitationsNeeded(proposed.body);
  const before = base ? countCitationsNeeded(base.body) : 0;
  if (after <= before) return null;
  const added = after - before;
  const total = base ? ` (${count(after, "mark")} in all)` : "";
  return { kind: "citation-needed", reason: `Adds ${count(added, "claim")} marked “citation needed”${total}.` };
}

// ---- 4. sensitive articles ----

export function sensitiveFlag(base: RiskText | null, proposed: RiskText): RiskFlag | null {
  if (base?.sensitive && !proposed.sensitive) return { kind: "sensitive", reason: "The article is marked sensitive, and this proposal removes the mark." };
  if (base?.sensitive) return { kind: "sensitive", reason: "The article is marked sensitive." };
  if (proposed.sensitive) return { kind: "sensitive", reason: base ? "This proposal marks the article sensitive." : "The new article is marked sensitive." };
  return null;
}

// ---- 5. new authors ----

export type AuthorFacts = {
  /** When the author's account was made (null: not known). */
  accountCreatedAt: Date | null;
  /** The author's proposals other than this one, ever. */
  otherProposals: number;
  /** The author's proposals made in the last hour, this one included. */
  proposalsLastHour: number;
};

function ageInWords(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return "less than a minute";
  return minutes < 60 ? count(minutes, "minute") : count(Math.floor(minutes / 60), "hour");
}

export function newAuthorFlag(author: AuthorFacts, now: Date, hours: number): RiskFlag | null {
  const reasons: string[] = [];
  if (author.otherProposals === 0) reasons.push("The author's first proposal.");
  const age = author.accountCreatedAt ? now.getTime() - author.accountCreatedAt.getTime() : null;
  if (age !== null && age < hours * 3_600_000) reasons.push(`The account was created ${ageInWords(age)} ago (under ${count(hours, "hour")}).`);
  return reasons.length > 0 ? { kind: "new-author", reason: reasons.join(" ") } : null;
}

// ---- 6. text already elsewhere on the site ----

/** An article sharing added 8-word runs with the proposal (from the shingle index). */
export type CopiedFrom = { title: string; slug: string; shared: number };

export function copiedTextFlag(matches: CopiedFrom[], minShared: number): RiskFlag | null {
  const found = matches.filter((m) => m.shared >= minShared).sort((a, b) => b.shared - a.shared || a.title.localeCompare(b.title));
  if (found.length === 0) return null;
  const named = found.map((m, i) => `${i === 0 ? count(m.shared, "run") : m.shared.toLocaleString("en")} in “${m.title}”`);
  return { kind: "copied-text", reason: `Adds text already on the site: ${listOf(named)} (runs of 8 words; ${minShared} or more count).` };
}

// ---- 7. many proposals at once ----

export function manyProposalsFlag(author: AuthorFacts, perHour: number): RiskFlag | null {
  if (author.proposalsLastHour < perHour) return null;
  return { kind: "many-proposals", reason: `${count(author.proposalsLastHour, "proposal")} from this author in the last hour (${perHour} or more count).` };
}

// ---- all of them ----

export type RiskFacts = {
  /** The revision the proposal is based on; null for a new article. */
  base: RiskText | null;
  proposed: RiskText;
  /** The site's own host name: links to it are not external. */
  siteHost: string;
  author: AuthorFacts;
  copiedFrom: CopiedFrom[];
  now: Date;
};

/** Every flag that applies, in a fixed order (the order of riskKinds). */
export function computeRiskFlags(facts: RiskFacts, thresholds: RiskThresholds = riskThresholds()): RiskFlag[] {
  return [
    externalLinksFlag(facts.base, facts.proposed, facts.siteHost),
    removedTextFlag(facts.base, facts.proposed, thresholds.removedTextPercent),
    sourcesFlag(facts.base, facts.proposed),
    citationNeededFlag(facts.base, facts.proposed),
    sensitiveFlag(facts.base, facts.proposed),
    newAuthorFlag(facts.author, facts.now, thresholds.newAccountHours),
    copiedTextFlag(facts.copiedFrom, thresholds.copiedShingles),
    manyProposalsFlag(facts.author, thresholds.proposalsPerHour),
  ].filter((f): f is RiskFlag => f !== null);
}
