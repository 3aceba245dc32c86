import { describe, expect, it } from "vitest";
import {
  sourceSizeProblem,
  formatSourceErrors,
  parseArticleSource,
  serializeArticleSource,
  slugify,
  type ArticleMeta,
  type ParseResult,
  type SourceError,
} from "@/lib/articles/source";

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const completeSource = `---
title: Anxious-Avoidant Relationship
slug: anxious-avoidant
summary: A relationship in which one partner seeks closeness while the other withdraws from it.
category: [Relationships, Attachment Style]
subfield: [Attachment Theory, Couples Psychology]
aliases: [push-pull dynamic, hot-cold coupling]
sensitive: true
infobox:
  - label: Primary conflict cycle
    value: Pursue–withdraw under stress
  - label: First described
    value: 1987
figure:
  src: /figures/anxious-avoidant-relationship.svg
  alt: Two figures on a seesaw
  caption: The pursue–withdraw cycle.
related: [attachment-styles, pursue-withdraw-cycle]
media:
  film:
    - { title: "Film title", year: 2009, note: "One sentence on how it depicts the topic." }
  television:
    - { title: 1984, years: "2001–2004" }
  literature: []
  visual_art: []
sources:
  - author: "Hazan, C., & Shaver, P."
    year: 1987
    title: Romantic love conceptualized as an attachment process
    venue: Journal of Personality and Social Psychology, 52(3), 511–524
    doi: 10.1037/0022-3514.52.3.511
    url: https://example.org/hazan-shaver
  - author: Anonymous
    year: n.d.
    title: An undated pamphlet
---
The lead: one or two paragraphs before the first heading.

## History
Prose.

## FAQs
### A question?
An answer.
`;

function expectOk(result: ParseResult) {
  if (!result.ok) throw new Error(`expected a valid source, got:\n${formatSourceErrors(result.errors).join("\n")}`);
  return result.value;
}

function errorsOf(result: ParseResult): SourceError[] {
  if (result.ok) throw new Error("expected the source to be rejected");
  return result.errors;
}

/** A source whose front matter is `fields` (one string, lines joined by \n) and whose body is `body`. */
function source(fields: string, body = "A lead paragraph.\n\n## Section\nText."): string {
  return `---\n${fields}\n---\n${body}\n`;
}

const minimalFields = "title: Test Article\nsummary: A short summary.\ncategory: [Relationships]";

describe("parseArticleSource: a complete valid source", () => {
  const value = expectOk(parseArticleSource(completeSource));

  it("parses the scalar fields", () => {
    expect(value.slug).toBe("anxious-avoidant");
    expect(value.meta.title).toBe("Anxious-Avoidant Relationship");
    expect(value.meta.slug).toBe("anxious-avoidant");
    expect(value.meta.summary).toBe("A relationship in which one partner seeks closeness while the other withdraws from it.");
    expect(value.meta.sensitive).toBe(true);
  });

  it("parses the list fields", () => {
    expect(value.meta.category).toEqual(["Relationships", "Attachment Style"]);
    expect(value.meta.subfield).toEqual(["Attachment Theory", "Couples Psychology"]);
    expect(value.meta.aliases).toEqual([{ name: "push-pull dynamic" }, { name: "hot-cold coupling" }]);
    expect(value.meta.related).toEqual(["attachment-styles", "pursue-withdraw-cycle"]);
  });

  it("parses the infobox, turning a numeric value into text", () => {
    expect(value.meta.infobox).toEqual([
      { label: "Primary conflict cycle", value: "Pursue–withdraw under stress" },
      { label: "First described", value: "1987" },
    ]);
  });

  it("parses the figure", () => {
    expect(value.meta.figure).toEqual({
      src: "/figures/anxious-avoidant-relationship.svg",
      alt: "Two figures on a seesaw",
      caption: "The pursue–withdraw cycle.",
    });
  });

  it("parses the media groups, an empty group (literature: []) being the same as none", () => {
    expect(value.meta.media).toEqual({
      film: [{ title: "Film title", year: 2009, note: "One sentence on how it depicts the topic." }],
      television: [{ title: "1984", years: "2001–2004" }],
    });
  });

  it("parses the sources, including an undated one", () => {
    expect(value.meta.sources).toEqual([
      {
        author: "Hazan, C., & Shaver, P.",
        year: 1987,
        title: "Romantic love conceptualized as an attachment process",
        venue: "Journal of Personality and Social Psychology, 52(3), 511–524",
        doi: "10.1037/0022-3514.52.3.511",
        url: "https://example.org/hazan-shaver",
      },
      { author: "Anonymous", year: "n.d.", title: "An undated pamphlet" },
    ]);
  });

  it("keeps the Markdown body, trimmed", () => {
    expect(value.body).toBe("The lead: one or two paragraphs before the first heading.\n\n## History\nProse.\n\n## FAQs\n### A question?\nAn answer.");
  });

  it("fills defaults on a minimal source and derives the slug from the title", () => {
    const minimal = expectOk(parseArticleSource(source("title: Crème Brûlée's Theory\nsummary: S.\ncategory: Relationships")));
    expect(minimal.slug).toBe("creme-brulees-theory");
    expect(minimal.meta.slug).toBeUndefined();
    expect(minimal.meta.category).toEqual(["Relationships"]); // a single string becomes a one-entry list
    expect(minimal.meta.sensitive).toBe(false);
    expect(minimal.meta.subfield).toEqual([]);
    expect(minimal.meta.aliases).toEqual([]);
    expect(minimal.meta.infobox).toEqual([]);
    expect(minimal.meta.related).toEqual([]);
    expect(minimal.meta.sources).toEqual([]);
    expect(minimal.meta.media).toEqual({});
    expect(minimal.meta.figure).toBeUndefined();
  });

  it("accepts Windows line endings and a byte-order mark", () => {
    const crlf = `\uFEFF${source(minimalFields)}`.replace(/\n/g, "\r\n");
    const parsed = expectOk(parseArticleSource(crlf));
    expect(parsed.meta.title).toBe("Test Article");
    expect(parsed.body).toBe("A lead paragraph.\n\n## Section\nText.");
  });
});

describe("serializeArticleSource", () => {
  it("round-trips the complete source", () => {
    const { meta, body } = expectOk(parseArticleSource(completeSource));
    const text = serializeArticleSource(meta, body);
    expect(text.startsWith("---\n")).toBe(true);
    const again = expectOk(parseArticleSource(text));
    expect(again.meta).toEqual(meta);
    expect(again.body).toBe(body);
    expect(again.slug).toBe("anxious-avoidant");
  });

  it("round-trips a minimal source and leaves out empty and default fields", () => {
    const { meta, body } = expectOk(parseArticleSource(source(minimalFields)));
    const text = serializeArticleSource(meta, body);
    expect(text).not.toMatch(/^(sensitive|media|related|sources|infobox|aliases|subfield):/m);
    const again = expectOk(parseArticleSource(text));
    expect(again.meta).toEqual(meta);
    expect(again.body).toBe(body);
  });

  it("round-trips values that YAML would otherwise read as other types", () => {
    const meta: ArticleMeta = {
      ...expectOk(parseArticleSource(source(minimalFields))).meta,
      title: "1984",
      summary: "true",
      aliases: [{ name: "null" }, { name: "- not a list item" }, { name: "key: value", type: "slang" }, { name: "# not a comment", type: "slang" }],
      sources: [{ author: "Orwell, G.", year: "n.d.", title: "yes" }],
    };
    const again = expectOk(parseArticleSource(serializeArticleSource(meta, "Lead.")));
    expect(again.meta).toEqual(meta);
    expect(again.body).toBe("Lead.");
  });

  it("round-trips a summary that ends in three dashes", () => {
    const meta: ArticleMeta = { ...expectOk(parseArticleSource(source(minimalFields))).meta, summary: "Pros and cons ---" };
    const result = parseArticleSource(serializeArticleSource(meta, "Lead."));
    expect(result.ok ? [] : formatSourceErrors(result.errors)).toEqual([]);
    expect(expectOk(result).meta).toEqual(meta);
  });
});

describe("slugify", () => {
  it("lower-cases and joins words with hyphens", () => {
    expect(slugify("Anxious-Avoidant Relationship")).toBe("anxious-avoidant-relationship");
  });

  it("strips accents", () => {
    expect(slugify("Crème Brûlée à la Señora")).toBe("creme-brulee-a-la-senora");
    expect(slugify("Ærøskøbing Ångström")).toMatch(slugPattern);
  });

  it("drops straight and curly apostrophes rather than splitting on them", () => {
    expect(slugify("Don't Look Back")).toBe("dont-look-back");
    expect(slugify("Lover’s Discourse")).toBe("lovers-discourse");
  });

  it("collapses punctuation and trims hyphens at both ends", () => {
    expect(slugify("  ...Hello, World!!! (Again) -- ")).toBe("hello-world-again");
    expect(slugify("C++ & Rust: 2024/25")).toBe("c-rust-2024-25");
    expect(slugify("!!!")).toBe("");
  });

  it("caps long input at 100 characters", () => {
    const slug = slugify("abcdefghij".repeat(15));
    expect(slug).toBe("abcdefghij".repeat(10));
    expect(slugify("word ".repeat(60)).length).toBeLessThanOrEqual(100);
  });

  it("never ends a capped slug with a hyphen", () => {
    expect(slugify(`${"a".repeat(99)} bcd`)).toMatch(slugPattern);
    expect(slugify("word ".repeat(60))).toMatch(slugPattern);
  });

  it("gives a slug that matches the slug pattern for a long title the parser accepts", () => {
    const title = `${"a".repeat(99)} ${"b".repeat(20)}`; // 120 characters: the maximum title length
    const parsed = expectOk(parseArticleSource(source(`title: ${title}\nsummary: S.\ncategory: [X]`)));
    expect(parsed.slug).toMatch(slugPattern);
  });
});

describe("parseArticleSource: bad input", () => {
  it("rejects a source without front matter, on line 1", () => {
    expect(errorsOf(parseArticleSource("Just some prose.\n"))).toEqual([
      { field: "source", line: 1, message: "The article must start with a front matter block: a line with three dashes (---)." },
    ]);
  });

  it("rejects front matter that is never closed", () => {
    const [error, ...rest] = errorsOf(parseArticleSource("---\ntitle: Test\nsummary: S.\n\nLead paragraph.\n"));
    expect(rest).toEqual([]);
    expect(error.field).toBe("source");
    expect(error.message).toBe("The front matter is never closed: add a line with three dashes (---) after it.");
  });

  it("rejects invalid YAML and says so", () => {
    const errors = errorsOf(parseArticleSource(source("title: [unclosed\nsummary: S.\ncategory: [X]")));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].field).toBe("front matter");
    expect(errors[0].message).toMatch(/^The front matter is not valid YAML: /);
  });

  it("gives the line of a YAML error, counted from the opening ---", () => {
    const errors = errorsOf(parseArticleSource(source("title: One\ntitle: Two\nsummary: S.\ncategory: [X]")));
    expect(errors[0]).toMatchObject({ field: "front matter", message: expect.stringContaining("not valid YAML") });
    expect(errors[0].line).toBe(3);
  });

  it("rejects front matter that is a list rather than a map", () => {
    expect(errorsOf(parseArticleSource(source("- title\n- summary")))).toEqual([
      { field: "front matter", line: 2, message: "The front matter must be a list of fields such as title: and summary:." },
    ]);
  });

  it("rejects front matter that is a bare scalar", () => {
    expect(errorsOf(parseArticleSource(source("just some words")))[0]).toMatchObject({ field: "front matter", line: 2 });
  });

  it("rejects a missing title", () => {
    expect(errorsOf(parseArticleSource(source("summary: S.\ncategory: [X]")))).toEqual([{ field: "title", line: 2, message: "title is required" }]);
  });

  it("rejects a title with no letters or digits", () => {
    expect(errorsOf(parseArticleSource(source('title: "!!!"\nsummary: S.\ncategory: [X]')))).toEqual([
      { field: "title", line: 2, message: "title must contain letters or digits" },
    ]);
  });

  it("rejects a summary over 300 characters, on its own line", () => {
    expect(errorsOf(parseArticleSource(source(`title: T\nsummary: ${"x".repeat(301)}\ncategory: [X]`)))).toEqual([
      { field: "summary", line: 3, message: "summary must be at most 300 characters" },
    ]);
    expect(parseArticleSource(source(`title: T\nsummary: ${"x".repeat(300)}\ncategory: [X]`)).ok).toBe(true);
  });

  it("rejects a javascript: source url, on the 7th line of the file", () => {
    const text = [
      "---", // 1
      "title: Test", // 2
      "summary: S.", // 3
      "category: [X]", // 4
      "sources:", // 5
      "  - author: A", // 6
      "    url: javascript:alert(1)", // 7
      "    year: 2000", // 8
      "    title: B", // 9
      "---", // 10
      "Lead paragraph.",
    ].join("\n");
    expect(errorsOf(parseArticleSource(text))).toEqual([{ field: "sources[1].url", line: 7, message: "must be a full http:// or https:// address" }]);
    expect(formatSourceErrors(errorsOf(parseArticleSource(text)))).toEqual(["Line 7, sources[1].url: must be a full http:// or https:// address"]);
  });

  it.each([
    ["a protocol-relative address", "//evil.example/x.svg"],
    ["a data: URL", '"data:image/svg+xml,<svg onload=alert(1)>"'],
    ["an http: address", "http://example.org/x.svg"],
    ["a javascript: URL", "javascript:alert(1)"],
  ])("rejects a figure src that is %s", (_label, src) => {
    const text = source(`${minimalFields}\nfigure:\n  src: ${src}\n  alt: A figure`);
    expect(errorsOf(parseArticleSource(text))).toEqual([
      { field: "figure.src", line: 6, message: "figure src must be a local path such as /figures/x.svg or an https:// address" },
    ]);
  });

  it("accepts a local or https figure src", () => {
    expect(parseArticleSource(source(`${minimalFields}\nfigure:\n  src: /figures/x.svg\n  alt: A`)).ok).toBe(true);
    expect(parseArticleSource(source(`${minimalFields}\nfigure:\n  src: https://cdn.example/x.svg\n  alt: A`)).ok).toBe(true);
  });

  it("rejects an unknown field and names it", () => {
    const [error, ...rest] = errorsOf(parseArticleSource(source(`${minimalFields}\ncolour: red`)));
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ field: "front matter", message: "unknown field colour" });
    expect(error.line).not.toBeNull();
  });

  it("rejects an unknown field inside figure, naming the enclosing field and the key's own line", () => {
    const [error] = errorsOf(parseArticleSource(source(`${minimalFields}\nfigure:\n  src: /f.svg\n  alt: A\n  width: 3`)));
    expect(error).toMatchObject({ field: "figure", line: 8, message: "unknown field width" });
  });

  it("rejects a year that is not four digits, on its line", () => {
    const text = source(`${minimalFields}\nsources:\n  - author: A\n    year: 99\n    title: B`);
    expect(errorsOf(parseArticleSource(text))).toEqual([{ field: "sources[1].year", line: 7, message: "year must be a four-digit year" }]);
  });

  it("rejects a year that is not a number or n.d.", () => {
    const text = source(`${minimalFields}\nsources:\n  - author: A\n    year: soon\n    title: B`);
    expect(errorsOf(parseArticleSource(text))).toEqual([{ field: "sources[1].year", line: 7, message: 'year must be a four-digit year or "n.d."' }]);
  });

  it("rejects an empty category list", () => {
    expect(errorsOf(parseArticleSource(source("title: T\nsummary: S.\ncategory: []")))).toEqual([
      { field: "category", line: 4, message: "category needs at least one entry" },
    ]);
  });

  it("rejects an empty category entry", () => {
    expect(errorsOf(parseArticleSource(source('title: T\nsummary: S.\ncategory: [X, ""]')))).toEqual([
      { field: "category[2]", line: 4, message: "category must not be empty" },
    ]);
  });

  it("rejects more than four categories", () => {
    expect(errorsOf(parseArticleSource(source("title: T\nsummary: S.\ncategory: [A, B, C, D, E]")))).toEqual([
      { field: "category", line: 4, message: "category may have at most 4 entries" },
    ]);
  });

  it("rejects a body that starts with a heading (no lead paragraph)", () => {
    expect(errorsOf(parseArticleSource(source(minimalFields, "## History\nProse.")))).toEqual([
      { field: "body", line: null, message: "Start the article with a lead paragraph before the first heading." },
    ]);
  });

  it("rejects an empty body", () => {
    expect(errorsOf(parseArticleSource(source(minimalFields, "")))).toEqual([
      { field: "body", line: null, message: "The article needs a lead paragraph after the front matter." },
    ]);
  });

  it("rejects a malformed doi, on its line", () => {
    const text = source(`${minimalFields}\nsources:\n  - author: A\n    year: 2000\n    title: B\n    doi: doi.org/10.1/x`);
    expect(errorsOf(parseArticleSource(text))).toEqual([{ field: "sources[1].doi", line: 9, message: "doi must look like 10.1234/abc" }]);
  });

  it("rejects a related entry that is not a slug", () => {
    expect(errorsOf(parseArticleSource(source(`${minimalFields}\nrelated: [attachment-styles, Attachment Styles]`)))).toEqual([
      { field: "related[2]", line: 5, message: "related entries must be article slugs such as attachment-styles" },
    ]);
  });

  it("rejects a slug with upper-case letters", () => {
    expect(errorsOf(parseArticleSource(source(`${minimalFields}\nslug: Bad_Slug`)))).toEqual([
      { field: "slug", line: 5, message: "slug may only contain lower-case letters, digits and single hyphens" },
    ]);
  });

  it("accepts a front matter value that ends in three dashes", () => {
    const result = parseArticleSource(source(`title: T\nsummary: Pros and cons ---\ncategory: [X]`));
    expect(result.ok ? [] : formatSourceErrors(result.errors)).toEqual([]);
    expect(expectOk(result).meta.summary).toBe("Pros and cons ---");
  });

  it("says a field is required only when it is missing", () => {
    expect(errorsOf(parseArticleSource(source(`${minimalFields}\nsources:\n  - year: 2000\n    title: B`)))).toEqual([
      { field: "sources[1].author", line: 6, message: "sources[1].author is required" },
    ]);
  });

  it("rejects sensitive that is not a boolean with its own message", () => {
    expect(errorsOf(parseArticleSource(source(`${minimalFields}\nsensitive: maybe`)))).toEqual([
      { field: "sensitive", line: 5, message: "sensitive must be true or false" },
    ]);
  });

  it("rejects a title that is a list with its own message", () => {
    expect(errorsOf(parseArticleSource(source("title: [a, b]\nsummary: S.\ncategory: [X]")))).toEqual([
      { field: "title", line: 2, message: "title must be text" },
    ]);
  });

  it("measures a source against the one size limit (MAX_SOURCE_KB) in bytes, as the server and the editor do", () => {
    expect(sourceSizeProblem("x".repeat(1024), 1)).toBeNull();
    expect(sourceSizeProblem("x".repeat(1025), 1)).toBe("The article is too long: the limit is 1 KB and this text is 2 KB.");
    // Three bytes each in UTF-8: 342 of them are over 1 KB although they are 342 characters.
    expect(sourceSizeProblem("€".repeat(342), 1)).toMatch(/^The article is too long: the limit is 1 KB/);
  });

  it("reports several problems at once", () => {
    const errors = errorsOf(parseArticleSource(source("summary: S.\ncategory: []\nrelated: [Not A Slug]", "## Heading first")));
    expect(errors.map((e) => e.field).sort()).toEqual(["body", "category", "related[1]", "title"]);
  });
});

describe("normaliseSource", () => {
  it("turns CRLF and CR into LF, drops a BOM and trailing spaces, composes to NFC", async () => {
    const { normaliseSource } = await import("@/lib/articles/source");
    expect(normaliseSource("\uFEFF---\r\ntitle: Cafe\u0301 \r\n---\r\nLead. \rNext line.\t\r\n\r\n\r\n")).toBe("---\ntitle: Café\n---\nLead.\nNext line.\n");
  });

  it("keeps a Markdown hard line break (two spaces before a following line), as exactly two spaces", async () => {
    const { normaliseSource } = await import("@/lib/articles/source");
    expect(normaliseSource("---\ntitle: T\n---\nRoses are red,    \r\nviolets blue.  \n\nEnd.  ")).toBe(
      "---\ntitle: T\n---\nRoses are red,  \nviolets blue.\n\nEnd.\n",
    );
  });

  it("stays linear on a long run of blank lines followed by text (the trailing-newline trim once backtracked)", async () => {
    const { normaliseSource } = await import("@/lib/articles/source");
    const hostile = `---\ntitle: T\n---\nA lead.${"\n".repeat(99_000)}x`;
    const started = performance.now();
    expect(normaliseSource(hostile).endsWith("\nx\n")).toBe(true);
    // Linear work on 99 KB is a few milliseconds; the backtracking trim took seconds.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("stays linear on a line with a long run of spaces inside it (the per-line trailing-space trim once backtracked)", async () => {
    const { normaliseSource } = await import("@/lib/articles/source");
    const hostile = `---\ntitle: T\n---\nA${" ".repeat(99_000)}b  \n`;
    const started = performance.now();
    expect(normaliseSource(hostile)).toBe(`---\ntitle: T\n---\nA${" ".repeat(99_000)}b\n`);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("is idempotent and leaves a clean source alone", async () => {
    const { normaliseSource } = await import("@/lib/articles/source");
    const clean = "---\ntitle: T\n---\nA lead.\n\n## History\n\nText.\n";
    expect(normaliseSource(clean)).toBe(clean);
    expect(normaliseSource(normaliseSource("a \r\nb  \r\nc"))).toBe(normaliseSource("a \r\nb  \r\nc"));
  });
});
