// Article source: YAML front matter (structured parts) + Markdown (prose), one text per revision.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Document } from "yaml";
import { articleMetaSchema, otherNamesToSource, type ArticleMeta } from "./fields";
import { citationProblems } from "./citations";
import { checkFrontMatterShape, checkMarkdownShape } from "./markdown-limits";
import { trimEnd } from "../text";
import { slugify } from "./slug";

/**
 * The one size limit of an article text: MAX_SOURCE_KB (lib/env.ts), which the server passes here and to the editor.
 * Every text from a person is checked with it before it is parsed (lib/moderation/proposals.ts sourceTextProblem).
 */
export function sourceSizeProblem(source: string, maxKb: number): string | null {
  const bytes = new TextEncoder().encode(source).length;
  return bytes > maxKb * 1024 ? `The article is too long: the limit is ${maxKb} KB and this text is ${Math.ceil(bytes / 1024)} KB.` : null;
}

// The fields themselves are declared in fields.ts; these re-exports keep the parser's public face in one place.
export { slugify } from "./slug";
export { articleMetaSchema, mediaGroupLabels, mediaGroups, type ArticleMeta, type MediaGroup } from "./fields";

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
  const lines = source
    .replace(/^\uFEFF/, "")
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .split("\n");
  // The body starts after the front matter's closing --- (a hard break means something only in Markdown).
  const closing = lines[0] === "---" ? lines.indexOf("---", 1) : -1;
  const out = lines.map((line, i) => {
    const trimmed = trimEnd(line, " \t");
    const hardBreak = i > closing && line.endsWith("  ") && trimmed !== "" && (lines[i + 1] ?? "").trim() !== "";
    return hardBreak ? `${trimmed}  ` : trimmed;
  });
  return `${trimEnd(out.join("\n"), "\n")}\n`;
}

export function parseArticleSource(source: string): ParseResult {
  const fail = (message: string, line: number | null = null, field = "source"): ParseResult => ({
    ok: false,
    errors: [{ field, line, message }],
  });
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
  if (data === null || typeof data !== "object" || Array.isArray(data))
    return fail("The front matter must be a list of fields such as title: and summary:.", 2, "front matter");

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
  else if (parsed.success && body.length > 0) {
    const keys = new Set(parsed.data.sources.flatMap((s) => (s.key ? [s.key] : [])));
    for (const p of citationProblems(body, keys, bodyLine)) errors.push({ field: "body", line: p.line, message: p.message });
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };

  const meta = parsed.data;
  return { ok: true, value: { meta, body, slug: meta.slug ?? slugify(meta.title) } };
}

// Writes the canonical text of a source; parse(serialize(x)) round-trips.
export function serializeArticleSource(meta: ArticleMeta, body: string): string {
  // Other names are kept as { name, type? } and written back in the source's own form (a list, or a map by kind).
  const clean = Object.fromEntries(
    Object.entries({ ...meta, aliases: otherNamesToSource(meta.aliases) }).filter(
      ([, v]) =>
        v !== undefined &&
        !(Array.isArray(v) && v.length === 0) &&
        !(v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) &&
        v !== false,
    ),
  );
  return `---\n${stringify(clean, { lineWidth: 0 })}---\n${body.trim()}\n`;
}

export function formatSourceErrors(errors: SourceError[]): string[] {
  return errors.map((e) => `${e.line ? `Line ${e.line}, ` : ""}${e.field}: ${e.message}`);
}
