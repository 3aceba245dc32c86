import { describe, expect, it } from "vitest";
import { emptyFields, emptyOtherNames, emptySourceRow, fieldsToSource, sourceToFields, type EditorFields } from "@/lib/articles/editor-model";
import { parseArticleSource, type ParseResult } from "@/lib/articles/source";
import { readSeedArticles } from "@/lib/seed";

const seeds = readSeedArticles();

function parsed(source: string) {
  const result: ParseResult = parseArticleSource(source);
  if (!result.ok) throw new Error(`expected the source to parse: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf(source: string) {
  const result = parseArticleSource(source);
  if (result.ok) throw new Error("expected the source not to parse");
  return result.errors;
}

const minimal: EditorFields = { ...emptyFields, title: "Test Topic", summary: "A summary.", category: "Testing", body: "A lead paragraph." };

describe("sourceToFields → fieldsToSource", () => {
  it("has seed articles to check", () => {
    expect(seeds.length).toBeGreaterThan(10);
  });

  it.each(seeds.map((s) => [s.file, s.source] as const))("round-trips %s to the same meta and body", (_file, source) => {
    const original = parsed(source);
    const again = parsed(fieldsToSource(sourceToFields(source)));
    expect(again.meta).toEqual(original.meta);
    expect(again.body).toBe(original.body);
    expect(again.slug).toBe(original.slug);
  });

  it("is stable: a second round trip writes the same text", () => {
    for (const { source } of seeds) {
      const once = fieldsToSource(sourceToFields(source));
      expect(fieldsToSource(sourceToFields(once))).toBe(once);
    }
  });

  it("round-trips every kind of field, including a sensitive flag, a figure caption, media and undated sources", () => {
    const source = `---
title: Anxious-Avoidant Relationship
summary: A relationship in which one partner seeks closeness while the other withdraws.
category: [Relationships, Attachment Style]
subfield: [Attachment Theory]
aliases: [push-pull dynamic, hot-cold coupling]
sensitive: true
infobox:
  - label: First described
    value: 1987
figure: { src: /figures/x.svg, alt: "Two figures", caption: "A caption." }
related: [attachment-styles, jealousy]
media:
  film:
    - { title: "Film title", year: 2009, note: "A note." }
  television:
    - { title: 1984, years: "2016–2019" }
sources:
  - { author: "Hazan, C.", year: 1987, title: Romantic love, venue: JPSP, doi: 10.1037/0022-3514.52.3.511, url: "https://example.org/a" }
  - { author: Anonymous, year: n.d., title: An undated pamphlet }
---
The lead.

## History
Prose.
`;
    const original = parsed(source);
    const fields = sourceToFields(source);
    expect(fields.sensitive).toBe(true);
    expect(fields.media).toEqual([
      { group: "film", title: "Film title", year: "2009", note: "A note." },
      { group: "television", title: "1984", year: "2016–2019", note: "" },
    ]);
    const again = parsed(fieldsToSource(fields));
    expect(again.meta).toEqual(original.meta);
    expect(again.body).toBe(original.body);
    expect(again.meta.media.television).toEqual([{ title: "1984", years: "2016–2019" }]);
    expect(again.meta.media.film).toEqual([{ title: "Film title", year: 2009, note: "A note." }]);
  });

  it("keeps an explicit slug, so editing an article through the form never renames its address", () => {
    const source = `---
title: Anxious-Avoidant Relationship
slug: anxious-avoidant
summary: A summary.
category: [Relationships]
---
The lead.
`;
    const again = parsed(fieldsToSource(sourceToFields(source)));
    expect(again.slug).toBe("anxious-avoidant");
    expect(again.meta).toEqual(parsed(source).meta);
  });

  it("opens a source that no longer parses with all its text in the body", () => {
    const broken = "no front matter at all";
    expect(sourceToFields(broken)).toEqual({ ...emptyFields, body: broken });
  });
});

describe("fieldsToSource", () => {
  it("leaves out empty optional fields", () => {
    const text = fieldsToSource({
      ...minimal,
      subfield: " , ",
      aliases: { ...emptyOtherNames, other: " , ", slang: " " },
      infobox: [{ label: " ", value: "" }],
      figureSrc: " ",
      related: "",
      media: [{ group: "film", title: "  ", year: "2001", note: "x" }],
      sources: [{ ...emptySourceRow, author: "", year: " ", title: "", venue: "", url: "", doi: "" }],
    });
    for (const key of ["subfield:", "aliases:", "sensitive:", "infobox:", "figure:", "related:", "media:", "sources:"]) expect(text).not.toContain(key);
    const value = parsed(text);
    expect(value.meta).toMatchObject({
      title: "Test Topic",
      summary: "A summary.",
      category: ["Testing"],
      subfield: [],
      aliases: [],
      infobox: [],
      related: [],
      sources: [],
      media: {},
    });
    expect(value.meta.figure).toBeUndefined();
    expect(value.body).toBe("A lead paragraph.");
  });

  it("leaves out empty parts of rows that are kept", () => {
    const text = fieldsToSource({
      ...minimal,
      figureSrc: "/figures/x.svg",
      figureAlt: "Alt text",
      media: [{ group: "literature", title: "A Novel", year: "", note: "" }],
      sources: [{ ...emptySourceRow, author: "Someone", year: "2001", title: "A Paper", venue: "", url: "", doi: "" }],
    });
    expect(text).not.toContain("caption");
    expect(text).not.toContain("venue");
    expect(text).not.toContain("url");
    expect(text).not.toContain("doi");
    expect(text).not.toContain("note");
    const value = parsed(text);
    expect(value.meta.figure).toEqual({ src: "/figures/x.svg", alt: "Alt text" });
    expect(value.meta.media.literature).toEqual([{ title: "A Novel" }]);
    expect(value.meta.sources).toEqual([{ author: "Someone", year: 2001, title: "A Paper" }]);
  });

  it("splits comma lists and trims every value", () => {
    const value = parsed(
      fieldsToSource({
        ...minimal,
        title: "  Spaced Title  ",
        category: " Emotions ,Relationships, ",
        aliases: { ...emptyOtherNames, other: "one,  two ," },
        related: "jealousy, compersion",
        body: "\n\n  The lead.  \n\n",
      }),
    );
    expect(value.meta.title).toBe("Spaced Title");
    expect(value.meta.category).toEqual(["Emotions", "Relationships"]);
    expect(value.meta.aliases).toEqual([{ name: "one" }, { name: "two" }]);
    expect(value.meta.related).toEqual(["jealousy", "compersion"]);
    expect(value.body).toBe("The lead.");
  });

  it('keeps media years such as "2016–2019" as years, and a four-digit year as a number', () => {
    const value = parsed(
      fieldsToSource({
        ...minimal,
        media: [
          { group: "television", title: "A Series", year: "2016–2019", note: "" },
          { group: "film", title: "A Film", year: "2009", note: "" },
        ],
      }),
    );
    expect(value.meta.media.television).toEqual([{ title: "A Series", years: "2016–2019" }]);
    expect(value.meta.media.film).toEqual([{ title: "A Film", year: 2009 }]);
  });

  it("keeps text that looks like a number or a YAML keyword as text", () => {
    const value = parsed(
      fieldsToSource({ ...minimal, title: "1984", aliases: { ...emptyOtherNames, other: "true, null" }, infobox: [{ label: "Year", value: "1987" }] }),
    );
    expect(value.meta.title).toBe("1984");
    expect(value.meta.aliases).toEqual([{ name: "true" }, { name: "null" }]);
    expect(value.meta.infobox).toEqual([{ label: "Year", value: "1987" }]);
  });

  it("keeps an invalid source url, so the parser names the field", () => {
    const text = fieldsToSource({
      ...minimal,
      sources: [{ ...emptySourceRow, author: "Someone", year: "2001", title: "A Paper", venue: "", url: "javascript:x", doi: "" }],
    });
    expect(text).toContain("javascript:x");
    const errors = errorsOf(text);
    expect(errors.map((e) => e.field)).toContain("sources[1].url");
    expect(errors.find((e) => e.field === "sources[1].url")?.message).toMatch(/http/);
  });

  it("keeps other invalid typed values, so the parser names their fields", () => {
    const errors = errorsOf(
      fieldsToSource({
        ...minimal,
        figureSrc: "javascript:alert(1)",
        figureAlt: "Alt",
        related: "Not A Slug",
        sources: [{ ...emptySourceRow, author: "Someone", year: "soon", title: "A Paper", venue: "", url: "", doi: "nope" }],
      }),
    );
    const fields = errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["figure.src", "related[1]", "sources[1].year", "sources[1].doi"]));
  });

  it("names a missing required field", () => {
    const errors = errorsOf(fieldsToSource({ ...minimal, summary: "  " }));
    expect(errors.map((e) => e.field)).toContain("summary");
  });

  it("survives text that tries to close the front matter early", () => {
    const value = parsed(fieldsToSource({ ...minimal, summary: "A summary\n---\ntitle: Injected", body: "The lead.\n---\nMore." }));
    expect(value.meta.title).toBe("Test Topic");
    expect(value.meta.summary).toContain("Injected");
    expect(value.body).toBe("The lead.\n---\nMore.");
  });
});
