// Every front-matter field of an article, declared once: its schema (what the parser accepts), its label (what
// people read in the editor, in error messages and in the moderator's diff), its kind (how it is compared: one
// comparer per kind in lib/moderation/structured-diff.ts) and its editor control. The parser (source.ts), the
// editor model and form, the submission checker and the structured diff all read this list, so a new field of a
// kind that exists is one entry here plus, at most, how the article page shows it.
import { z } from "zod";
import type { TermType } from "../db/schema/articles";
import { slugify, slugPattern } from "./slug";

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .min(1, `${label} must not be empty`)
    .max(max, `${label} must be at most ${max} characters`);

// YAML turns `year: 2009` into a number and `title: 1984` too; accept both where text is meant.
const looseText = (label: string, max: number) => z.preprocess((v) => (typeof v === "number" ? String(v) : v), text(label, max));

const list = <T extends z.ZodType>(label: string, item: T, max: number) =>
  z.preprocess(
    (v) => (v === null || v === undefined ? [] : typeof v === "string" ? [v] : v),
    z.array(item, { error: `${label} must be a list` }).max(max, `${label} may have at most ${max} entries`),
  );

const webUrl = z.string({ error: "the address must be text" }).trim().refine(isWebUrl, "must be a full http:// or https:// address");

const year = z.preprocess(
  (v) => (typeof v === "string" && /^\d{4}$/.test(v.trim()) ? Number(v) : v),
  z.union([z.number().int().min(1000, "year must be a four-digit year").max(2100, "year must be a four-digit year"), z.literal("n.d.")], {
    error: 'year must be a four-digit year or "n.d."',
  }),
);

const mediaItem = z.object({
  title: looseText("title", 200),
  year: z.preprocess((v) => (typeof v === "string" && /^\d{4}$/.test(v) ? Number(v) : v), z.number().int().min(1000).max(2100).optional()),
  years: looseText("years", 20).optional(),
  note: looseText("note", 400).optional(),
});

export const mediaGroups = ["film", "television", "literature", "visual_art"] as const;
export type MediaGroup = (typeof mediaGroups)[number];
export const mediaGroupLabels: Record<MediaGroup, string> = { film: "Film", television: "Television", literature: "Literature", visual_art: "Visual art" };

/** A source's stable key, cited in the text as [@key]: lower-case letters, digits and dashes. */
export const sourceKeyPattern = /^[a-z0-9][a-z0-9-]{0,59}$/;

/**
 * The kinds of source, from a fixed list, each with a plain-language label (shown on the article, in the editor and
 * in the moderator's diff) and a sentence saying what it is.
 */
export const sourceTypes = {
  "meta-analysis": { label: "Meta-analysis", means: "pools the results of many studies of one question" },
  "systematic-review": { label: "Systematic review", means: "finds and weighs every study of one question by a stated method" },
  "randomised-experiment": { label: "Randomised experiment", means: "assigns people to conditions by chance and compares them" },
  "longitudinal-study": { label: "Longitudinal study", means: "follows the same people over time" },
  "cross-sectional-survey": { label: "Cross-sectional survey", means: "asks many people once, at one point in time" },
  "qualitative-study": { label: "Qualitative study", means: "interviews or observes people in depth, without counting" },
  "theory-or-review": { label: "Theory or review article", means: "proposes an idea or summarises research without a new study" },
  "general-book": { label: "Book for general readers", means: "written for the public rather than for researchers" },
  "clinical-guideline": { label: "Clinical guideline", means: "a professional body's advice for practitioners" },
  journalism: { label: "Journalism", means: "a news or magazine piece" },
} as const;
export type SourceType = keyof typeof sourceTypes;
export const sourceTypeKeys = Object.keys(sourceTypes) as SourceType[];
export const UNGRADED_LABEL = "not yet graded";

const positiveInteger = (label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: `${label} must be a whole number` })
      .int(`${label} must be a whole number`)
      .positive(`${label} must be a positive whole number`)
      .max(100_000_000, `${label} is too large`),
  );

/**
 * The parts of one source, declared once: schema, label and editor control (`text` an input, `select` a choice from
 * `options`, `number` a numeric input). The parser, the editor form, the structured diff and the checker read this.
 */
export type SourcePartControl = { control: "text" } | { control: "number" } | { control: "select"; options: readonly { value: string; label: string }[] };
const part = <const D extends { label: string; schema: z.ZodType; editor: SourcePartControl; hint?: string }>(d: D) => d;
export const sourceParts = {
  key: part({
    label: "Key",
    hint: "Cite it in the text as [@key]: lower-case letters, digits and dashes, e.g. hazan1987.",
    schema: z
      .string({ error: "key must be text" })
      .trim()
      .regex(sourceKeyPattern, "key may only contain lower-case letters, digits and dashes, e.g. hazan1987")
      .optional(),
    editor: { control: "text" },
  }),
  author: part({ label: "Author", schema: looseText("author", 300), editor: { control: "text" } }),
  year: part({ label: "Year", schema: year, editor: { control: "text" } }),
  title: part({ label: "Title", schema: looseText("title", 400), editor: { control: "text" } }),
  venue: part({ label: "Venue", schema: looseText("venue", 300).optional(), editor: { control: "text" } }),
  url: part({ label: "URL", schema: webUrl.optional(), editor: { control: "text" } }),
  doi: part({
    label: "DOI",
    schema: z
      .string()
      .trim()
      .regex(/^10\.\d{4,9}\/\S+$/, "doi must look like 10.1234/abc")
      .optional(),
    editor: { control: "text" },
  }),
  type: part({
    label: "Type",
    schema: z.enum(sourceTypeKeys as [SourceType, ...SourceType[]], { error: `type must be one of: ${sourceTypeKeys.join(", ")}` }).optional(),
    editor: { control: "select", options: sourceTypeKeys.map((value) => ({ value, label: sourceTypes[value].label })) },
  }),
  sample: part({ label: "Sample (n)", schema: positiveInteger("sample").optional(), editor: { control: "number" } }),
  population: part({ label: "Population", schema: looseText("population", 200).optional(), editor: { control: "text" } }),
} as const;
export type SourcePart = keyof typeof sourceParts;
export const sourcePartKeys = Object.keys(sourceParts) as SourcePart[];

type SourceShape = { [K in SourcePart]: (typeof sourceParts)[K]["schema"] };
export const sourceSchema = z.object(Object.fromEntries(sourcePartKeys.map((k) => [k, sourceParts[k].schema])) as SourceShape).strict();

/** "Longitudinal study, n = 1,200, married couples in Germany", or "not yet graded". */
export function sourceGrade(s: { type?: string; sample?: number; population?: string }): string {
  return [sourceTypeLabel(s.type), ...(s.sample ? [`n = ${s.sample.toLocaleString("en")}`] : []), ...(s.population ? [s.population] : [])].join(", ");
}

/** "Meta-analysis", or "not yet graded" for a source without a type. */
export function sourceTypeLabel(type: string | undefined): string {
  return type && type in sourceTypes ? sourceTypes[type as SourceType].label : UNGRADED_LABEL;
}

/**
 * The kinds of other name (term types), with the words people read: the label of a group on the article page and
 * in the editor (singular and plural), and the inline words of a search result ("popular term: lovebombing").
 * `confused` is not a synonym: a term people mix up with this one that the article says is a different thing. It is
 * shown and searchable, but never a web address of the article and never in the JSON-LD's alternateName.
 * The keys are the database's term types (lib/db/schema/articles.ts termTypes); a Record, so none can be missing.
 */
export const termTypeLabels: Record<TermType, { one: string; many: string; inline: string }> = {
  research: { one: "Research term", many: "Research terms", inline: "research term" },
  clinical: { one: "Clinical term", many: "Clinical terms", inline: "clinical term" },
  popular: { one: "Popular term", many: "Popular terms", inline: "popular term" },
  slang: { one: "Slang", many: "Slang", inline: "slang" },
  misnomer: { one: "Misnomer", many: "Misnomers", inline: "misnomer" },
  former: { one: "Former name", many: "Former names", inline: "former name" },
  confused: { one: "Often confused with", many: "Often confused with", inline: "often confused with" },
};
export const termTypeKeys = Object.keys(termTypeLabels) as TermType[];
/** In the map form, the key for names given without a kind (needed when some names have one and others not). */
export const UNTYPED_KEY = "other";
export const MAX_OTHER_NAMES = 20;

/** One other name of an article, as the parser gives it: its words and, when the source says, its kind. */
export type OtherName = { name: string; type?: TermType };

/** "popular term: lovebombing", or "other name: push-pull dynamic" for a name without a kind. */
export function otherNameLabel(name: string, type: TermType | null | undefined): string {
  return `${type ? termTypeLabels[type].inline : "other name"}: ${name}`;
}

/** The names that are the article's own (every kind but `confused`): its redirect addresses and JSON-LD alternateName. */
export const synonymsOf = (names: readonly OtherName[]) => names.filter((n) => n.type !== "confused");

const otherName = looseText("alias", 120);
const otherNameList = (label: string) => list(label, otherName, MAX_OTHER_NAMES);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `aliases:` as written: a list of names (`[push-pull dynamic, hot-cold coupling]`), or a map from kinds of name to
 * lists (`popular: [love-bombing]`, `other: [...]` for names without a kind). Normalised to one list of
 * `{ name, type? }` in source order; at most 20 names in all, each once (ignoring case).
 */
const otherNamesSchema = z
  .unknown()
  .transform((value, ctx): OtherName[] => {
    const names: OtherName[] = [];
    const take = (raw: unknown, label: string, path: (string | number)[], type?: TermType) => {
      const parsed = otherNameList(label).safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.addIssue({ code: "custom", message: issue.message, path: [...path, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))] });
        return;
      }
      for (const name of parsed.data) names.push(type ? { name, type } : { name });
    };
    if (isPlainObject(value)) {
      const allowed = [UNTYPED_KEY, ...termTypeKeys];
      for (const [key, raw] of Object.entries(value)) {
        if (key === UNTYPED_KEY) take(raw, `aliases.${key}`, [key]);
        else if ((termTypeKeys as string[]).includes(key)) take(raw, `aliases.${key}`, [key], key as TermType);
        else ctx.addIssue({ code: "custom", path: [key], message: `aliases has no kind “${key}”: use ${allowed.join(", ")}` });
      }
    } else take(value, "aliases", []);
    if (names.length > MAX_OTHER_NAMES)
      ctx.addIssue({ code: "custom", message: `aliases may have at most ${MAX_OTHER_NAMES} entries (it has ${names.length})` });
    const seen = new Map<string, OtherName>();
    for (const n of names) {
      const key = n.name.toLowerCase();
      const first = seen.get(key);
      if (first)
        ctx.addIssue({
          code: "custom",
          message: `aliases names “${n.name}” twice${first.type !== n.type ? ` (${first.type ? termTypeLabels[first.type].inline : "without a kind"} and ${n.type ? termTypeLabels[n.type].inline : "without a kind"})` : ""}: give each name once`,
        });
      else seen.set(key, n);
    }
    return names;
  })
  // A key left out never reaches the transform: say what it is then.
  .default([]);

/**
 * Other names as the source writes them back: the plain list when none has a kind, else the map (kinds in the
 * order they first appear; names without a kind under `other`). parse(serialize(x)) gives x back, grouped by kind.
 */
export function otherNamesToSource(names: readonly OtherName[]): string[] | Record<string, string[]> {
  if (!names.some((n) => n.type)) return names.map((n) => n.name);
  const map: Record<string, string[]> = {};
  for (const n of names) (map[n.type ?? UNTYPED_KEY] ??= []).push(n.name);
  return map;
}

/**
 * How a field is compared between two versions (one comparer per kind in lib/moderation/structured-diff.ts):
 * `text` word by word · `chips` entries added, removed, reordered · `terms` other names added, removed, given another
 * kind, reordered · `flag` on/off · `rows` labelled rows added,
 * removed, changed, reordered · `figure` image, alt and caption · `media` depictions per kind · `sources` citations
 * matched by citation key, DOI, or author + year + title.
 */
export type FieldKind = "text" | "chips" | "terms" | "flag" | "rows" | "figure" | "media" | "sources";

/**
 * How the editor shows a field: `text` one input, `list` one input of comma-separated entries, `checkbox`, `kept`
 * (no input: the value is carried through an edit as it was) or `own` (a fieldset of its own in the editor form).
 */
export type EditorControl =
  | { control: "text"; hint?: string }
  | { control: "list"; hint?: string }
  | { control: "checkbox"; label: string }
  | { control: "kept" }
  | { control: "own"; hint?: string };

export type FieldDeclaration = {
  /** The label people read; also the subject of its change in a review summary ("2 other names added"). */
  label: string;
  /** The noun for one entry of a list or rows field, singular and plural ("other name", "other names"). */
  entry?: readonly [string, string];
  kind: FieldKind;
  schema: z.ZodType;
  editor: EditorControl;
  /** Written into the source even when empty, so the parser can say it is missing. */
  required?: boolean;
};

const declare = <const D extends FieldDeclaration>(d: D) => d;

/** The front-matter fields, in the order the editor writes them. */
export const articleFields = {
  title: declare({
    label: "Title",
    kind: "text",
    required: true,
    schema: text("title", 120).refine((t) => slugify(t).length > 0, "title must contain letters or digits"),
    editor: { control: "text" },
  }),
  slug: declare({
    label: "Address",
    kind: "text",
    schema: z.string().regex(slugPattern, "slug may only contain lower-case letters, digits and single hyphens").max(100).optional(),
    editor: { control: "kept" },
  }),
  summary: declare({
    label: "Summary",
    kind: "text",
    required: true,
    schema: text("summary", 300),
    editor: { control: "text", hint: "One or two sentences, shown in lists and search results." },
  }),
  category: declare({
    label: "Categories",
    entry: ["category", "categories"],
    kind: "chips",
    required: true,
    schema: list("category", text("category", 60), 4).refine((c) => c.length > 0, "category needs at least one entry"),
    editor: { control: "list", hint: "Separate with commas, e.g. Relationships, Attachment Style." },
  }),
  subfield: declare({
    label: "Subfields",
    entry: ["subfield", "subfields"],
    kind: "chips",
    schema: list("subfield", text("subfield", 60), 4),
    editor: { control: "list", hint: "Separate with commas." },
  }),
  aliases: declare({
    label: "Other names",
    entry: ["other name", "other names"],
    kind: "terms",
    schema: otherNamesSchema,
    editor: { control: "own", hint: "Separate with commas. Each also works as a web address that leads here, except the ones often confused with it." },
  }),
  sensitive: declare({
    label: "Sensitive",
    kind: "flag",
    schema: z.boolean({ error: "sensitive must be true or false" }).default(false),
    editor: { control: "checkbox", label: "This article is about an abusive or controlling dynamic (shows a support notice)" },
  }),
  infobox: declare({
    label: "Infobox",
    entry: ["infobox row", "infobox rows"],
    kind: "rows",
    schema: list(
      "infobox",
      z.object({ label: looseText("label", 60), value: looseText("value", 300) }, { error: "each infobox row needs a label and a value" }),
      12,
    ),
    editor: { control: "own" },
  }),
  figure: declare({
    label: "Figure",
    kind: "figure",
    schema: z
      .object({
        src: z
          .string({ error: "figure src must be text" })
          .trim()
          .refine(
            (s) => /^\/(?!\/)[A-Za-z0-9/_.-]+$/.test(s) || (isWebUrl(s) && s.startsWith("https:")),
            "figure src must be a local path such as /figures/x.svg or an https:// address",
          ),
        alt: text("figure alt text", 300),
        caption: text("figure caption", 400).optional(),
      })
      .strict()
      .optional(),
    editor: { control: "own" },
  }),
  related: declare({
    label: "Related articles",
    entry: ["related article", "related articles"],
    kind: "chips",
    schema: list("related", z.string().regex(slugPattern, "related entries must be article slugs such as attachment-styles"), 10),
    editor: { control: "list", hint: "Their addresses after /wiki/, separated with commas, e.g. jealousy, limerence." },
  }),
  media: declare({
    label: "Media depictions",
    entry: ["depiction", "depictions"],
    kind: "media",
    schema: z
      .object({
        film: list("film", mediaItem, 20),
        television: list("television", mediaItem, 20),
        literature: list("literature", mediaItem, 20),
        visual_art: list("visual_art", mediaItem, 20),
      })
      .partial()
      .strict()
      .default({})
      // An empty group (`literature: []`) is the same as none, so two versions differing only there are equal.
      .transform((media) => {
        const kept: typeof media = {};
        for (const group of mediaGroups) if (media[group]?.length) kept[group] = media[group];
        return kept;
      }),
    editor: { control: "own" },
  }),
  sources: declare({
    label: "Sources",
    entry: ["source", "sources"],
    kind: "sources",
    schema: list("sources", sourceSchema, 30).superRefine((sources, ctx) => {
      const seen = new Map<string, number>();
      sources.forEach((s, i) => {
        if (!s.key) return;
        const first = seen.get(s.key);
        if (first !== undefined) ctx.addIssue({ code: "custom", path: [i, "key"], message: `key ${s.key} is already the key of source ${first + 1}` });
        else seen.set(s.key, i);
      });
    }),
    editor: { control: "own" },
  }),
} as const;

export type ArticleFields = typeof articleFields;
export type FieldKey = keyof ArticleFields;
export const fieldKeys = Object.keys(articleFields) as FieldKey[];

/** The keys whose editor control is `C`, e.g. every one-line text input. */
export type KeysWithControl<C extends EditorControl["control"]> = { [K in FieldKey]: ArticleFields[K]["editor"]["control"] extends C ? K : never }[FieldKey];
export const keysWithControl = <C extends EditorControl["control"]>(control: C) =>
  fieldKeys.filter((k) => articleFields[k].editor.control === control) as KeysWithControl<C>[];

/** The field a parser error belongs to ("sources[2].doi" → "sources"), or undefined when it names no field. */
export function fieldOfPath(path: string): FieldKey | undefined {
  const key = path.split(/[.[]/)[0];
  return key in articleFields ? (key as FieldKey) : undefined;
}

/** The editor input a parser error at `path` is shown beside, or undefined when the field has none (slug, sensitive). */
export function errorFieldOf(path: string): FieldKey | undefined {
  const key = fieldOfPath(path);
  return key && ["text", "list", "own"].includes(articleFields[key].editor.control) ? key : undefined;
}

type Shape = { [K in FieldKey]: ArticleFields[K]["schema"] };
export const articleMetaSchema = z.object(Object.fromEntries(fieldKeys.map((k) => [k, articleFields[k].schema])) as Shape).strict();
export type ArticleMeta = z.output<typeof articleMetaSchema>;
