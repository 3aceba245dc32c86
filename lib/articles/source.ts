// Article source: YAML front matter (structured parts) + Markdown (prose), one text per revision.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Document } from "yaml";
import { z } from "zod";
import { checkFrontMatterShape, checkMarkdownShape } from "./markdown-limits";

export const MAX_SOURCE_CHARS = 200_000;

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 100)
    .replace(/^-+|-+$/g, "");
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

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
const looseText = (label: string, max: number) =>
  z.preprocess((v) => (typeof v === "number" ? String(v) : v), text(label, max));

const list = <T extends z.ZodType>(label: string, item: T, max: number) =>
  z.preprocess(
    (v) => (v === null || v === undefined ? [] : typeof v === "string" ? [v] : v),
    z.array(item, { error: `${label} must be a list` }).max(max, `${label} may have at most ${max} entries`),
  );

const webUrl = z
  .string({ error: "the address must be text" })
  .trim()
  .refine(isWebUrl, "must be a full http:// or https:// address");

const year = z.preprocess(
  (v) => (typeof v === "string" && /^\d{4}$/.test(v.trim()) ? Number(v) : v),
  z.union(
    [z.number().int().min(1000, "year must be a four-digit year").max(2100, "year must be a four-digit year"), z.literal("n.d.")],
    { error: 'year must be a four-digit year or "n.d."' },
  ),
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

export const articleMetaSchema = z
  .object({
    title: text("title", 120).refine((t) => slugify(t).length > 0, "title must contain letters or digits"),
    slug: z.string().regex(slugPattern, "slug may only contain lower-case letters, digits and single hyphens").max(100).optional(),
    summary: text("summary", 300),
    category: list("category", text("category", 60), 4).refine((c) => c.length > 0, "category needs at least one entry"),
    subfield: list("subfield", text("subfield", 60), 4),
    aliases: list("aliases", looseText("alias", 120), 20),
    sensitive: z.boolean({ error: "sensitive must be true or false" }).default(false),
    infobox: list(
      "infobox",
      z.object({ label: looseText("label", 60), value: looseText("value", 300) }, { error: "each infobox row needs a label and a value" }),
      12,
    ),
    figure: z
      .object({
        src: z
          .string({ error: "figure src must be text" })
          .trim()
          .refine((s) => /^\/(?!\/)[A-Za-z0-9/_.-]+$/.test(s) || (isWebUrl(s) && s.startsWith("https:")), "figure src must be a local path such as /figures/x.svg or an https:// address"),
        alt: text("figure alt text", 300),
        caption: text("figure caption", 400).optional(),
      })
      .strict()
      .optional(),
    related: list("related", z.string().regex(slugPattern, "related entries must be article slugs such as attachment-styles"), 10),
    media: z
      .object({
        film: list("film", mediaItem, 20),
        television: list("television", mediaItem, 20),
        literature: list("literature", mediaItem, 20),
        visual_art: list("visual_art", mediaItem, 20),
      })
      .partial()
      .strict()
      .default({}),
    sources: list(
      "sources",
      z
        .object({
          author: looseText("author", 300),
          year,
          title: looseText("title", 400),
          venue: looseText("venue", 300).optional(),
          url: webUrl.optional(),
          doi: z
            .string()
            .trim()
            .regex(/^10\.\d{4,9}\/\S+$/, "doi must look like 10.1234/abc")
            .optional(),
        })
        .strict(),
      30,
    ),
  })
  .strict();

export type ArticleMeta = z.output<typeof articleMetaSchema>;
export type ArticleSource = { meta: ArticleMeta; body: string; slug: string };
export type SourceError = { field: string; line: number | null; message: string };
export type ParseResult = { ok: true; value: ArticleSource } | { ok: false; errors: SourceError[] };

function fieldName(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p + 1}]` : `${i ? "." : ""}${String(p)}`)).join("") || "front matter";
}

function lineOf(doc: Document, counter: LineCounter, path: PropertyKey[]): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (node && (isScalar(node) || isMap(node) || isSeq(node)) && node.range) {
      return counter.linePos(node.range[0]).line + 1; // +1: the opening --- line
    }
  }
  return null;
}

/**
 * The one form every source is kept and compared in: LF line ends (browsers send textareas with CRLF), no BOM,
 * Unicode NFC, no trailing spaces except a Markdown hard line break (two spaces before a following line of the
 * body, kept as exactly two), and one final newline. Idempotent.
 */
export function normaliseSource(source: string): string {
  const lines = source.replace(/^\uFEFF/, "").normalize("NFC").replace(/\r\n?/g, "\n").split("\n");
  // The body starts after the front matter's closing --- (a hard break means something only in Markdown).
  const closing = lines[0] === "---" ? lines.indexOf("---", 1) : -1;
  const out = lines.map((line, i) => {
    const trimmed = line.replace(/[ \t]+$/, "");
    const hardBreak = i > closing && / {2,}$/.test(line) && trimmed !== "" && (lines[i + 1] ?? "").trim() !== "";
    return hardBreak ? `${trimmed}  ` : trimmed;
  });
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

export function parseArticleSource(source: string): ParseResult {
  const fail = (message: string, line: number | null = null, field = "source"): ParseResult => ({
    ok: false,
    errors: [{ field, line, message }],
  });
  if (source.length > MAX_SOURCE_CHARS) return fail(`The article is too long: at most ${MAX_SOURCE_CHARS.toLocaleString("en")} characters.`);
  const normalised = source.replace(/\r\n?/g, "\n").replace(/^\uFEFF/, "");
  if (!normalised.startsWith("---\n")) return fail("The article must start with a front matter block: a line with three dashes (---).", 1);
  const match = /^---\n(?:([\s\S]*?)\n)?---[ \t]*(?:\n|$)/.exec(normalised);
  if (!match) return fail("The front matter is never closed: add a line with three dashes (---) after it.");
  const yamlText = match[1] ?? "";
  const rawBody = normalised.slice(match[0].length);
  const body = rawBody.trim();
  // The body's first line in the whole text, so its errors name the line a person sees in the editor.
  const bodyLine = match[0].split("\n").length - (match[0].endsWith("\n") ? 1 : 0) + (/^\s*/.exec(rawBody)?.[0].split("\n").length ?? 1);

  const tooDeep = checkFrontMatterShape(yamlText);
  if (tooDeep) return fail(tooDeep.message, tooDeep.line, "front matter");
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        field: "front matter",
        line: counter.linePos(e.pos[0]).line + 1,
        message: `The front matter is not valid YAML: ${e.message.split("\n")[0]}`,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch {
    // The yaml package refuses documents whose aliases (*name) would expand without bound.
    return fail("The front matter uses too many YAML aliases (*name): write each value out instead.", 2, "front matter");
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return fail("The front matter must be a list of fields such as title: and summary:.", 2, "front matter");

  const parsed = articleMetaSchema.safeParse(data, { reportInput: true });
  const errors: SourceError[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const field = fieldName(issue.path);
        const message =
          issue.code === "unrecognized_keys"
            ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
            : issue.code === "invalid_type" && issue.input === undefined
              ? `${field} is required`
              : issue.message;
        const at = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
        return { field, line: lineOf(doc, counter, at), message };
      });
  if (body.length === 0) errors.push({ field: "body", line: null, message: "The article needs a lead paragraph after the front matter." });
  else if (/^#{1,6}\s/.test(body)) errors.push({ field: "body", line: null, message: "Start the article with a lead paragraph before the first heading." });
  const shape = body.length > 0 ? checkMarkdownShape(body, bodyLine) : null;
  if (shape) errors.push({ field: "body", line: shape.line, message: shape.message });
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };

  const meta = parsed.data;
  return { ok: true, value: { meta, body, slug: meta.slug ?? slugify(meta.title) } };
}

// Writes the canonical text of a source; parse(serialize(x)) round-trips.
export function serializeArticleSource(meta: ArticleMeta, body: string): string {
  const clean = Object.fromEntries(
    Object.entries(meta).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0) && !(v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) && v !== false),
  );
  return `---\n${stringify(clean, { lineWidth: 0 })}---\n${body.trim()}\n`;
}

export function formatSourceErrors(errors: SourceError[]): string[] {
  return errors.map((e) => `${e.line ? `Line ${e.line}, ` : ""}${e.field}: ${e.message}`);
}
