import { describe, expect, it } from "vitest";
import { citeApa, citeBibtex, citeMla, shareLinks } from "@/lib/articles/cite";
import { deriveArticleFields, letterOf } from "@/lib/articles/publish";
import { parseArticleSource } from "@/lib/articles/source";
import { pickRelated } from "@/lib/articles/related";
import type { ArticleCard } from "@/lib/articles/queries";

const input = {
  title: "Jealousy",
  siteName: "Attune",
  url: "https://attune.example/wiki/jealousy",
  revisionUrl: "https://attune.example/wiki/jealousy/revisions/42",
  revisionId: 42,
  updated: new Date("2026-03-05T22:00:00Z"),
  accessed: new Date("2026-11-25T08:00:00Z"),
};

describe("citations", () => {
  it("formats APA with the update date, access date and revision link", () => {
    expect(citeApa(input)).toBe("Jealousy. (2026, March 5). In Attune. Retrieved November 25, 2026, from https://attune.example/wiki/jealousy/revisions/42");
  });
  it("formats MLA", () => {
    expect(citeMla(input)).toBe("“Jealousy.” Attune, 5 Mar. 2026, attune.example/wiki/jealousy/revisions/42. Accessed 25 Nov. 2026.");
  });
  it("formats BibTeX with a stable key and escaped title", () => {
    const bib = citeBibtex({ ...input, title: "Love & 100% {Trust}" }, "love-trust");
    expect(bib).toContain("@misc{attune:love_trust:42,");
    expect(bib).toContain("title = {Love \\& 100\\% \\{Trust\\}},");
    expect(bib).toContain("url = {https://attune.example/wiki/jealousy/revisions/42},");
    expect(bib).toContain("note = {Revision 42; accessed 2026-11-25},");
  });
  it("builds share links that carry the encoded canonical URL", () => {
    const links = shareLinks(input.url, "Jealousy & envy");
    expect(links.x).toBe("https://twitter.com/intent/tweet?url=https%3A%2F%2Fattune.example%2Fwiki%2Fjealousy&text=Jealousy%20%26%20envy");
    expect(links.facebook).toContain("u=https%3A%2F%2Fattune.example%2Fwiki%2Fjealousy");
    expect(links.email.startsWith("mailto:?subject=Jealousy%20%26%20envy")).toBe(true);
  });
});

const src = (extra = "") =>
  `---\ntitle: Über Attachment\nsummary: S.\ncategory: [Emotions, Attachment Style]\naliases: [one name, another name]\nsensitive: true\n${extra}---\nLead text <b>bold</b> here.\n\n## Part\nBody words.\n`;

describe("derived fields", () => {
  it("computes letter, categories, alias text and plain body text from the source", async () => {
    const parsed = parseArticleSource(src());
    if (!parsed.ok) throw new Error("fixture must parse");
    const fields = await deriveArticleFields(parsed.value);
    expect(fields).toMatchObject({
      slug: "uber-attachment",
      letter: "u",
      categories: ["Emotions", "Attachment Style"],
      aliasesText: "one name · another name",
      sensitive: true,
    });
    expect(fields.bodyText).toContain("Body words.");
    expect(fields.bodyText).not.toContain("<b>");
  });
  it("files titles that start with a digit or symbol under #", () => {
    expect(letterOf("5 Love Languages")).toBe("#");
    expect(letterOf("“Quoted” Title")).toBe("q");
  });
});

describe("pickRelated", () => {
  const card = (slug: string, categories: string[]): ArticleCard => ({ slug, title: slug, summary: "", letter: slug[0], categories, updatedAt: "" });
  const all = [card("a", ["Emotions"]), card("b", ["Dating"]), card("c", ["Emotions"]), card("self", ["Emotions"])];
  it("keeps the source's order first, then fills from the same category, never itself", () => {
    const parsed = parseArticleSource(src("related: [b, missing, self]\n"));
    if (!parsed.ok) throw new Error("fixture must parse");
    expect(pickRelated(parsed.value.meta, "self", all).map((a) => a.slug)).toEqual(["b", "a", "c"]);
  });
});
