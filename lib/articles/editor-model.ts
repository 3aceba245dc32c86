// The editor's form fields <-> the article source text. Pure, so the browser and the tests share it.
import { stringify } from "yaml";
import {
  articleFields,
  fieldKeys,
  otherNamesToSource,
  sourcePartKeys,
  termTypeKeys,
  UNTYPED_KEY,
  type KeysWithControl,
  type OtherName,
  type SourcePart,
} from "./fields";
import type { TermType } from "../db/schema/articles";
import { mediaGroups, parseArticleSource, type ArticleMeta, type MediaGroup } from "./source";

export type InfoRow = { label: string; value: string };
export type MediaRow = { group: MediaGroup; title: string; year: string; note: string };
/** One source in the form: a text per part that fields.ts declares (sourceParts), in its order. */
export type SourceRow = { [K in SourcePart]: string };
export const emptySourceRow = Object.fromEntries(sourcePartKeys.map((k) => [k, ""])) as SourceRow;
/** Other names in the form: one line of comma-separated names per kind, and one (`other`) for names without a kind. */
export type OtherNameInputs = { [K in typeof UNTYPED_KEY | TermType]: string };
export const otherNameInputKeys = [UNTYPED_KEY, ...termTypeKeys] as const;
export const emptyOtherNames = Object.fromEntries(otherNameInputKeys.map((k) => [k, ""])) as OtherNameInputs;

/** Fields edited as one line of text (`kept` ones, such as an explicit address, are carried through as they were). */
type LineKey = KeysWithControl<"text" | "kept">;
/** Fields edited as one line of comma-separated entries. */
type ListKey = KeysWithControl<"list">;
type CheckboxKey = KeysWithControl<"checkbox">;

/** The form's state: one entry per declared simple field (fields.ts), plus the fieldsets of their own and the body. */
export type EditorFields = { [K in LineKey | ListKey]: string } & { [K in CheckboxKey]: boolean } & {
  aliases: OtherNameInputs;
  infobox: InfoRow[];
  figureSrc: string;
  figureAlt: string;
  figureCaption: string;
  media: MediaRow[];
  sources: SourceRow[];
  body: string;
};

const simpleEmpty = Object.fromEntries(
  fieldKeys.flatMap((k): [string, string | boolean][] => {
    const control = articleFields[k].editor.control;
    return control === "checkbox" ? [[k, false]] : control === "own" ? [] : [[k, ""]];
  }),
) as { [K in LineKey | ListKey]: string } & { [K in CheckboxKey]: boolean };

export const emptyFields: EditorFields = {
  ...simpleEmpty,
  aliases: emptyOtherNames,
  infobox: [],
  figureSrc: "",
  figureAlt: "",
  figureCaption: "",
  media: [],
  sources: [],
  body: "",
};

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const yearValue = (y: string) => (/^\d{4}$/.test(y.trim()) ? Number(y.trim()) : y.trim());

/** Builds the source text. Empty fields are left out; whatever was typed is kept, even if invalid, so the parser can name the problem. */
export function fieldsToSource(f: EditorFields): string {
  const meta: Record<string, unknown> = {};
  for (const key of fieldKeys) {
    const declared = articleFields[key];
    const required = "required" in declared && declared.required;
    switch (declared.editor.control) {
      case "text":
      case "kept": {
        const value = f[key as LineKey].trim();
        if (value || required) meta[key] = value;
        break;
      }
      case "list": {
        const entries = list(f[key as ListKey]);
        if (entries.length || required) meta[key] = entries;
        break;
      }
      case "checkbox":
        if (f[key as CheckboxKey]) meta[key] = true;
        break;
      case "own": {
        const value = ownToSource(key, f);
        if (value !== undefined) meta[key] = value;
        break;
      }
    }
  }
  return `---\n${stringify(meta, { lineWidth: 0 })}---\n${f.body.trim()}\n`;
}

/** The fields with a fieldset of their own, from the form to the front matter (undefined: left out). */
function ownToSource(key: string, f: EditorFields): unknown {
  switch (key) {
    case "aliases": {
      const inputs = fieldsFromDraft(f).aliases;
      const names = otherNameInputKeys.flatMap((k) => list(inputs[k]).map((name): OtherName => (k === UNTYPED_KEY ? { name } : { name, type: k })));
      return names.length ? otherNamesToSource(names) : undefined;
    }
    case "infobox": {
      const rows = f.infobox.filter((r) => r.label.trim() || r.value.trim()).map((r) => ({ label: r.label.trim(), value: r.value.trim() }));
      return rows.length ? rows : undefined;
    }
    case "figure":
      return f.figureSrc.trim() || f.figureAlt.trim() || f.figureCaption.trim()
        ? { src: f.figureSrc.trim(), alt: f.figureAlt.trim(), ...(f.figureCaption.trim() ? { caption: f.figureCaption.trim() } : {}) }
        : undefined;
    case "media": {
      const media: Partial<Record<MediaGroup, unknown[]>> = {};
      for (const m of f.media.filter((r) => r.title.trim())) {
        const when = m.year.trim();
        (media[m.group] ??= []).push({
          title: m.title.trim(),
          ...(/^\d{4}$/.test(when) ? { year: Number(when) } : when ? { years: when } : {}),
          ...(m.note.trim() ? { note: m.note.trim() } : {}),
        });
      }
      return Object.keys(media).length ? media : undefined;
    }
    case "sources": {
      const sources = f.sources
        .filter((s) => sourcePartKeys.some((k) => (s[k] ?? "").trim()))
        .map((s) => {
          const out: Record<string, unknown> = {};
          for (const k of sourcePartKeys) {
            const value = (s[k] ?? "").trim();
            if (k === "year") out[k] = yearValue(value);
            else if (k === "sample") {
              if (value) out[k] = /^\d+$/.test(value) ? Number(value) : value;
            } else if (value || k === "author" || k === "title") out[k] = value;
          }
          return out;
        });
      return sources.length ? sources : undefined;
    }
    default:
      throw new Error(`The editor has no fieldset for the field "${key}": give it a control in fields.ts.`);
  }
}

/**
 * A source as the editor writes it back (same meta and body, the editor's own layout). The seed stores its
 * articles this way, so a contributor's first edit differs from the stored text only where they changed it:
 * the moderator's diff shows the edit alone, and two edits to different fields merge instead of conflicting.
 * A source that does not parse is returned as it is.
 */
export function canonicalSource(source: string): string {
  return parseArticleSource(source).ok ? fieldsToSource(sourceToFields(source)) : source;
}

/** Reads a stored source into form fields (a source that no longer parses opens with its text in the body). */
export function sourceToFields(source: string): EditorFields {
  const parsed = parseArticleSource(source);
  if (!parsed.ok) return { ...emptyFields, body: source };
  const { meta, body } = parsed.value;
  const simple: Record<string, string | boolean> = {};
  for (const key of fieldKeys) {
    const value: unknown = meta[key];
    const control = articleFields[key].editor.control;
    if (control === "text" || control === "kept") simple[key] = typeof value === "string" ? value : "";
    else if (control === "list") simple[key] = Array.isArray(value) ? value.join(", ") : "";
    else if (control === "checkbox") simple[key] = value === true;
  }
  return {
    ...emptyFields,
    ...(simple as Partial<EditorFields>),
    aliases: otherNameInputs(meta.aliases),
    infobox: meta.infobox.map((r) => ({ label: r.label, value: r.value })),
    figureSrc: meta.figure?.src ?? "",
    figureAlt: meta.figure?.alt ?? "",
    figureCaption: meta.figure?.caption ?? "",
    media: mediaGroups.flatMap((group) =>
      (meta.media[group] ?? []).map((m) => ({ group, title: m.title, year: m.year ? String(m.year) : (m.years ?? ""), note: m.note ?? "" })),
    ),
    sources: meta.sources.map((s) => Object.fromEntries(sourcePartKeys.map((k) => [k, s[k] === undefined ? "" : String(s[k])])) as SourceRow),
    body,
  };
}

/** A draft this browser kept, as today's form holds it (an older editor kept other names as one line). */
export function fieldsFromDraft(draft: Partial<EditorFields>): EditorFields {
  const aliases: unknown = draft.aliases;
  return {
    ...emptyFields,
    ...draft,
    aliases: typeof aliases === "string" ? { ...emptyOtherNames, [UNTYPED_KEY]: aliases } : { ...emptyOtherNames, ...(aliases as Partial<OtherNameInputs>) },
  };
}

/** The names of each kind as the editor's inputs hold them. */
export function otherNameInputs(names: readonly OtherName[]): OtherNameInputs {
  return Object.fromEntries(
    otherNameInputKeys.map((k) => [
      k,
      names
        .filter((n) => (n.type ?? UNTYPED_KEY) === k)
        .map((n) => n.name)
        .join(", "),
    ]),
  ) as OtherNameInputs;
}

export type { ArticleMeta };
