// The editor's form fields <-> the article source text. Pure, so the browser and the tests share it.
import { stringify } from "yaml";
import { mediaGroups, parseArticleSource, type MediaGroup } from "./source";

export type InfoRow = { label: string; value: string };
export type MediaRow = { group: MediaGroup; title: string; year: string; note: string };
export type SourceRow = { author: string; year: string; title: string; venue: string; url: string; doi: string };

export type EditorFields = {
  title: string;
  /** An explicit address, kept as it was (the form has no input for it: titles make addresses). */
  slug: string;
  summary: string;
  category: string;
  subfield: string;
  aliases: string;
  sensitive: boolean;
  infobox: InfoRow[];
  figureSrc: string;
  figureAlt: string;
  figureCaption: string;
  related: string;
  media: MediaRow[];
  sources: SourceRow[];
  body: string;
};

export const emptyFields: EditorFields = {
  title: "",
  slug: "",
  summary: "",
  category: "",
  subfield: "",
  aliases: "",
  sensitive: false,
  infobox: [],
  figureSrc: "",
  figureAlt: "",
  figureCaption: "",
  related: "",
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
  const meta: Record<string, unknown> = { title: f.title.trim(), ...(f.slug.trim() ? { slug: f.slug.trim() } : {}), summary: f.summary.trim(), category: list(f.category) };
  if (list(f.subfield).length) meta.subfield = list(f.subfield);
  if (list(f.aliases).length) meta.aliases = list(f.aliases);
  if (f.sensitive) meta.sensitive = true;
  const infobox = f.infobox.filter((r) => r.label.trim() || r.value.trim()).map((r) => ({ label: r.label.trim(), value: r.value.trim() }));
  if (infobox.length) meta.infobox = infobox;
  if (f.figureSrc.trim() || f.figureAlt.trim() || f.figureCaption.trim()) {
    meta.figure = { src: f.figureSrc.trim(), alt: f.figureAlt.trim(), ...(f.figureCaption.trim() ? { caption: f.figureCaption.trim() } : {}) };
  }
  if (list(f.related).length) meta.related = list(f.related);
  const media: Partial<Record<MediaGroup, unknown[]>> = {};
  for (const m of f.media.filter((r) => r.title.trim())) {
    const when = m.year.trim();
    (media[m.group] ??= []).push({ title: m.title.trim(), ...(/^\d{4}$/.test(when) ? { year: Number(when) } : when ? { years: when } : {}), ...(m.note.trim() ? { note: m.note.trim() } : {}) });
  }
  if (Object.keys(media).length) meta.media = media;
  const sources = f.sources
    .filter((s) => Object.values(s).some((v) => v.trim()))
    .map((s) => ({
      author: s.author.trim(),
      year: yearValue(s.year),
      title: s.title.trim(),
      ...(s.venue.trim() ? { venue: s.venue.trim() } : {}),
      ...(s.url.trim() ? { url: s.url.trim() } : {}),
      ...(s.doi.trim() ? { doi: s.doi.trim() } : {}),
    }));
  if (sources.length) meta.sources = sources;
  return `---\n${stringify(meta, { lineWidth: 0 })}---\n${f.body.trim()}\n`;
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
  return {
    title: meta.title,
    slug: meta.slug ?? "",
    summary: meta.summary,
    category: meta.category.join(", "),
    subfield: meta.subfield.join(", "),
    aliases: meta.aliases.join(", "),
    sensitive: meta.sensitive,
    infobox: meta.infobox.map((r) => ({ label: r.label, value: r.value })),
    figureSrc: meta.figure?.src ?? "",
    figureAlt: meta.figure?.alt ?? "",
    figureCaption: meta.figure?.caption ?? "",
    related: meta.related.join(", "),
    media: mediaGroups.flatMap((group) => (meta.media[group] ?? []).map((m) => ({ group, title: m.title, year: m.year ? String(m.year) : (m.years ?? ""), note: m.note ?? "" }))),
    sources: meta.sources.map((s) => ({ author: s.author, year: String(s.year), title: s.title, venue: s.venue ?? "", url: s.url ?? "", doi: s.doi ?? "" })),
    body,
  };
}
