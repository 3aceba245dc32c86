// The evidence line: a short sentence in plain words, computed from which kinds of source an article's cited claims
// rest on, and a badge level for listings. It is the site's computation; the infobox's "Research status", where an
// article has one, is its author's words.
//
// How sources are grouped (the tiers), and why:
// - Pooled evidence (meta-analysis, systematic review): many studies of one question, weighed together. The strongest
//   footing a claim about people in general can have.
// - Studies that test or follow (randomised experiment, longitudinal study): a chance-assigned comparison can show a
//   cause; following the same people over time shows what comes before what. Stronger than a single snapshot.
// - Studies at one point in time (cross-sectional survey, qualitative study): real data, but asked once. A survey shows
//   what goes together, not what causes what; a qualitative study shows how people describe an experience, not how
//   common it is. Research, but the weakest kind.
// - Expert writing (theory or review article, clinical guideline): what knowledgeable people propose or advise. A
//   guideline is a professional body's consensus, usually built on research but not itself a study; a narrative review
//   summarises studies without a stated method for finding and weighing them. Not research in itself.
// - Writing for the public (book for general readers, journalism): useful for history and for how a term is used, but
//   no evidence that a claim about people is true.
//
// How the line is computed:
// - Only cited sources count: a claim rests on the sources it cites, and a source in the list that the text never
//   cites supports no claim in particular (counts.uncited says how many there are).
// - A cited source weighs as many claims as the distinct blocks (paragraphs, list items, FAQ answers) citing it, so a
//   meta-analysis cited once does not outweigh a blog post cited in every paragraph, nor the reverse.
// - A source without a type is unknown, never weak: it is left out of the grading and named ("2 of 6 sources cited
//   are not yet graded"). When the graded sources carry less than half the claims, the level is "ungraded": the site
//   says it cannot grade the article yet rather than grade it on the minority it knows.
// - Among graded claims: "strong" when at least half rest on pooled evidence or studies that test or follow, from at
//   least two such sources; "moderate" when at least half rest on research of any kind; "limited" otherwise.
// - The line names the kinds of source carrying the graded claims (each with a quarter of them or more, at most three),
//   with how many sources of each; the badge beside it says the level, so the line does not repeat it.
import { z } from "zod";
import { formatCountInWords, formatNumberInWords } from "../format";
import { citationCounts, type CitationCount } from "./citations";
import { sourceTypes, type SourceType } from "./fields";
import type { ArticleSource } from "./source";

export const evidenceTiers = {
  pooled: {
    label: "Pooled evidence",
    means: "many studies of one question, found and weighed together",
    types: ["meta-analysis", "systematic-review"],
    research: true,
  },
  followed: {
    label: "Studies that test or follow",
    means: "experiments that assign people to conditions by chance, and studies that follow the same people over time",
    types: ["randomised-experiment", "longitudinal-study"],
    research: true,
  },
  snapshot: {
    label: "Studies at one point in time",
    means: "surveys that ask people once, and in-depth interview or observation studies: real data, but they cannot show what causes what",
    types: ["cross-sectional-survey", "qualitative-study"],
    research: true,
  },
  expert: {
    label: "Expert writing",
    means: "theories, narrative reviews and professional guidelines: informed views and consensus, not studies in themselves",
    types: ["theory-or-review", "clinical-guideline"],
    research: false,
  },
  popular: {
    label: "Writing for the public",
    means: "books for general readers and journalism: useful for history and usage, not evidence that a claim is true",
    types: ["general-book", "journalism"],
    research: false,
  },
} as const satisfies Record<string, { label: string; means: string; types: readonly SourceType[]; research: boolean }>;
export type EvidenceTier = keyof typeof evidenceTiers;
export const evidenceTierKeys = Object.keys(evidenceTiers) as EvidenceTier[];

export const tierOf = (type: SourceType): EvidenceTier =>
  evidenceTierKeys.find((t) => (evidenceTiers[t].types as readonly SourceType[]).includes(type)) as EvidenceTier;

export const evidenceLevels = {
  strong: { label: "Well researched", means: "most claims rest on pooled evidence or on studies that test or follow people, from at least two such sources" },
  moderate: {
    label: "Some research",
    means: "most claims rest on research, but mostly on surveys and interview studies at one point in time, or on a single stronger study",
  },
  limited: { label: "Little research", means: "most claims rest on expert writing, books or journalism rather than on studies" },
  ungraded: {
    label: "Not yet graded",
    means: "most of the sources cited have no type yet, so the site cannot say how well the claims are supported; this says nothing against them",
  },
  uncited: { label: "Not yet sourced", means: "the text does not yet tie its claims to sources" },
} as const;
export type EvidenceLevel = keyof typeof evidenceLevels;
export const evidenceLevelKeys = Object.keys(evidenceLevels) as EvidenceLevel[];

/** What one source type is called in a sentence, one and many. */
const nouns: Record<SourceType, readonly [string, string]> = {
  "meta-analysis": ["meta-analysis", "meta-analyses"],
  "systematic-review": ["systematic review", "systematic reviews"],
  "randomised-experiment": ["randomised experiment", "randomised experiments"],
  "longitudinal-study": ["longitudinal study", "longitudinal studies"],
  "cross-sectional-survey": ["survey", "surveys"],
  "qualitative-study": ["qualitative study", "qualitative studies"],
  "theory-or-review": ["theory or review article", "theory or review articles"],
  "general-book": ["book for general readers", "books for general readers"],
  "clinical-guideline": ["clinical guideline", "clinical guidelines"],
  journalism: ["piece of journalism", "pieces of journalism"],
};

const countsSchema = z.object({
  /** Sources listed, cited in the text, cited and graded, cited and not graded, listed but never cited. */
  sources: z.number().int(),
  cited: z.number().int(),
  graded: z.number().int(),
  ungraded: z.number().int(),
  uncited: z.number().int(),
  /** Every citation mark, and the claims (block × source) they make. */
  citations: z.number().int(),
  claims: z.number().int(),
  /** Claims resting on each tier, and on sources not yet graded. */
  tiers: z.record(z.string(), z.number()),
  ungradedClaims: z.number(),
});
export type EvidenceCounts = z.infer<typeof countsSchema>;

/**
 * Bump when computeEvidence's output changes: stored values of another version are then computed again on read, and
 * refilled at start-up and by `npm run db:rerender` (lib/articles/evidence-backfill.ts).
 */
export const EVIDENCE_VERSION = 1;

/** As stored in articles.evidence, and as the preview endpoint sends it (without counts). */
export const evidenceSchema = z.object({
  version: z.literal(EVIDENCE_VERSION),
  level: z.enum(evidenceLevelKeys as [EvidenceLevel, ...EvidenceLevel[]]),
  label: z.string(),
  line: z.string(),
  counts: countsSchema,
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** A stored value read back (null when missing or from an older shape: the caller computes it again). */
export function readStoredEvidence(value: unknown): Evidence | null {
  const parsed = evidenceSchema.safeParse(value);
  return parsed.success ? { ...parsed.data, label: evidenceLevels[parsed.data.level].label } : null;
}

/** A stored level from a listing's `evidence->>'level'`, or null for none or an unknown one. */
export function evidenceLevelOf(value: unknown): EvidenceLevel | null {
  return typeof value === "string" && value in evidenceLevels ? (value as EvidenceLevel) : null;
}

const joinWords = (parts: string[]) => (parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Source = { key?: string; type?: string };

/**
 * The evidence of an article from its sources and how its body cites them (citationCounts). Pure: publication
 * stores it, pages compute it for rows stored before it existed.
 */
export function computeEvidence(sources: readonly Source[], counts: ReadonlyMap<string, CitationCount>): Evidence {
  const typeOf = new Map<string, SourceType | null>();
  for (const s of sources) if (s.key && !typeOf.has(s.key)) typeOf.set(s.key, s.type && s.type in sourceTypes ? (s.type as SourceType) : null);
  // Keys the body cites that name no source are the parser's error, never counted here.
  const cited = [...counts].filter(([key, c]) => typeOf.has(key) && c.uses > 0);
  const tiers = Object.fromEntries(evidenceTierKeys.map((t) => [t, 0])) as Record<EvidenceTier, number>;
  const byType = new Map<SourceType, { claims: number; sources: number }>();
  let ungradedClaims = 0;
  let ungraded = 0;
  for (const [key, c] of cited) {
    const type = typeOf.get(key) ?? null;
    const claims = Math.max(1, c.blocks);
    if (!type) {
      ungraded++;
      ungradedClaims += claims;
      continue;
    }
    tiers[tierOf(type)] += claims;
    const t = byType.get(type) ?? { claims: 0, sources: 0 };
    t.claims += claims;
    t.sources++;
    byType.set(type, t);
  }
  const gradedClaims = evidenceTierKeys.reduce((sum, t) => sum + tiers[t], 0);
  const claims = gradedClaims + ungradedClaims;
  const result: EvidenceCounts = {
    sources: sources.length,
    cited: cited.length,
    graded: cited.length - ungraded,
    ungraded,
    uncited: sources.length - cited.length,
    citations: cited.reduce((sum, [, c]) => sum + c.uses, 0),
    claims,
    tiers,
    ungradedClaims,
  };
  const make = (level: EvidenceLevel, line: string): Evidence => ({
    version: EVIDENCE_VERSION,
    level,
    label: evidenceLevels[level].label,
    line,
    counts: result,
  });

  if (cited.length === 0) {
    const listed =
      sources.length === 0
        ? ""
        : ` It lists ${formatCountInWords(sources.length, "source")}, but its text does not cite ${sources.length === 1 ? "it" : "them"}.`;
    return make("uncited", `The claims here are not yet tied to sources.${listed}`);
  }
  const ungradedNote =
    ungraded === 0
      ? ""
      : ` ${capitalise(formatNumberInWords(ungraded))} of the ${formatCountInWords(cited.length, "source")} cited ${ungraded === 1 ? "is" : "are"} not yet graded.`;
  if (gradedClaims === 0)
    return make(
      "ungraded",
      cited.length === 1
        ? "The one source cited here is not yet graded, so the site cannot yet say how well the claims are supported."
        : `None of the ${formatCountInWords(cited.length, "source")} cited here is graded yet, so the site cannot yet say how well the claims are supported.`,
    );

  // The kinds of source that carry the graded claims, heaviest first (the stronger tier first on a tie): those with at
  // least a quarter of them, at most three.
  const tierRank = (type: SourceType) => evidenceTierKeys.indexOf(tierOf(type));
  const ranked = [...byType].sort(([ta, a], [tb, b]) => b.claims - a.claims || tierRank(ta) - tierRank(tb) || ta.localeCompare(tb));
  const shown = ranked.filter(([, t], i) => i === 0 || t.claims >= gradedClaims / 4).slice(0, 3);
  const list = joinWords(shown.map(([type, t]) => formatCountInWords(t.sources, ...nouns[type])));
  const mostly = shown.reduce((sum, [, t]) => sum + t.claims, 0) * 2 >= claims;

  if (gradedClaims * 2 < claims) return make("ungraded", `Most claims here rest on sources not yet graded; the graded ones are mostly ${list}.${ungradedNote}`);
  const research = tiers.pooled + tiers.followed + tiers.snapshot;
  const strongSources = [...byType].filter(([type]) => ["pooled", "followed"].includes(tierOf(type))).reduce((sum, [, t]) => sum + t.sources, 0);
  // The badge says the level ("Little research"), so the line only says what the claims rest on.
  const line = `${mostly ? "Most claims here rest on" : "Claims here rest partly on"} ${list}.${ungradedNote}`;
  if ((tiers.pooled + tiers.followed) * 2 >= gradedClaims && strongSources >= 2) return make("strong", line);
  return make(research * 2 >= gradedClaims ? "moderate" : "limited", line);
}

/** The evidence of a parsed article source. */
export function evidenceOfSource(source: Pick<ArticleSource, "meta" | "body">): Evidence {
  return computeEvidence(source.meta.sources, citationCounts(source.body));
}

/** What a preview card and a badge need: no counts. */
export type EvidenceSummary = Pick<Evidence, "level" | "label" | "line">;
export const summariseEvidence = (e: Evidence | null): EvidenceSummary | null => (e ? { level: e.level, label: e.label, line: e.line } : null);
