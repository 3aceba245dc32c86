// "Cite this article": APA 7, MLA 9 and BibTeX, each pointing at the revision the reader saw.
export type CitationInput = {
  title: string;
  siteName: string;
  url: string;
  revisionUrl: string;
  revisionId: number;
  updated: Date;
  accessed: Date;
};

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];

function ymd(d: Date) {
  return { y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate() };
}

function bibtexEscape(text: string): string {
  return text.replace(/([{}%&$#_])/g, "\\$1");
}

export function citeApa(c: CitationInput): string {
  const u = ymd(c.updated);
  const a = ymd(c.accessed);
  return `${c.title}. (${u.y}, ${MONTHS[u.m]} ${u.d}). In ${c.siteName}. Retrieved ${MONTHS[a.m]} ${a.d}, ${a.y}, from ${c.revisionUrl}`;
}

export function citeMla(c: CitationInput): string {
  const u = ymd(c.updated);
  const a = ymd(c.accessed);
  return `“${c.title}.” ${c.siteName}, ${u.d} ${MLA_MONTHS[u.m]} ${u.y}, ${c.revisionUrl.replace(/^https?:\/\//, "")}. Accessed ${a.d} ${MLA_MONTHS[a.m]} ${a.y}.`;
}

export function citeBibtex(c: CitationInput, slug: string): string {
  const u = ymd(c.updated);
  const a = ymd(c.accessed);
  const pad = (n: number) => String(n).padStart(2, "0");
  const key = `attune:${slug.replace(/[^a-z0-9]+/g, "_")}:${c.revisionId}`;
  return [
    `@misc{${key},`,
    `  title = {${bibtexEscape(c.title)}},`,
    `  author = {{${bibtexEscape(c.siteName)} contributors}},`,
    `  howpublished = {${bibtexEscape(c.siteName)}},`,
    `  year = {${u.y}},`,
    `  month = {${pad(u.m + 1)}},`,
    `  url = {${c.revisionUrl}},`,
    `  note = {Revision ${c.revisionId}; accessed ${a.y}-${pad(a.m + 1)}-${pad(a.d)}},`,
    `}`,
  ].join("\n");
}

export function shareLinks(url: string, title: string) {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  return {
    x: `https://twitter.com/intent/tweet?url=${u}&text=${t}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${u}`,
    linkedin: `https://www.linkedin.com/sharing/share-offsite/?url=${u}`,
    email: `mailto:?subject=${t}&body=${encodeURIComponent(`${title} — ${url}`)}`,
  };
}
