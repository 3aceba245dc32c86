// Inline citations ([@key], [citation needed]) and graded sources (type, sample, population): the parser, the
// renderer, the editor model, the structured diff, the risk flag, the checker and the three-way merge.
import { describe, expect, it } from "vitest";
import { citationProblems, citedKeys, countCitationsNeeded } from "@/lib/articles/citations";
import { canonicalSource, emptySourceRow, fieldsToSource, sourceToFields } from "@/lib/articles/editor-model";
import { checkEditorialRules } from "@/lib/articles/editorial";
import { sourceGrade, sourceParts, sourceTypeKeys, sourceTypeLabel, sourceTypes } from "@/lib/articles/fields";
import { renderArticleBody } from "@/lib/articles/render";
import { formatSourceErrors, parseArticleSource } from "@/lib/articles/source";
import { readSeedArticles } from "@/lib/seed";
import { threeWayMerge } from "@/lib/moderation/merge";
import { citationNeededFlag, readRiskText } from "@/lib/moderation/risk";
import { compareArticles, type ArticleDiff, type FieldChange } from "@/lib/moderation/structured-diff";

const sources = `sources:
  - key: hazan1987
    author: Hazan, C., & Shaver, P.
    year: 1987
    title: Romantic love conceptualized as an attachment process
    type: longitudinal-study
    sample: 620
    population: Newspaper readers in Denver
  - key: fraley-2011
    author: Fraley, R. C.
    year: 2011
    title: The Experiences in Close Relationships questionnaire
  - author: Bowlby, J.
    year: 1969
    title: Attachment and loss
`;

const article = (body: string, src = sources) => `---
title: Citation Test
summary: A test article.
category: [Testing]
${src}---
${body}
`;

const body = `The lead makes a claim [@hazan1987] and another [@fraley-2011; @hazan1987].

## History
A claim nobody has backed yet [citation needed]. Code such as \`[@nothing]\` is not a citation.

## FAQs
### Is this cited?
Yes [@fraley-2011], and this answer also wants one [Citation needed].
`;

function parsed(source: string) {
  const result = parseArticleSource(source);
  if (!result.ok) throw new Error(`expected the source to parse:\n${formatSourceErrors(result.errors).join("\n")}`);
  return result.value;
}

function errorsOf(source: string) {
  const result = parseArticleSource(source);
  if (result.ok) throw new Error("expected the source not to parse");
  return result.errors;
}

describe("citation parsing", () => {
  it("accepts keys, several keys in one citation, and keys with digits and dashes", () => {
    const a = parsed(article(body));
    expect(a.meta.sources.map((s) => s.key)).toEqual(["hazan1987", "fraley-2011", undefined]);
    expect(citedKeys(a.body)).toEqual(["hazan1987", "fraley-2011"]);
  });

  it("names the line of a citation whose key is no source's", () => {
    const source = article("The lead cites [@hazan1987].\n\nA second paragraph cites [@hazan1987; @nobody2020].");
    const errors = errorsOf(source);
    const line = source.split("\n").findIndex((l) => l.includes("@nobody2020")) + 1;
    expect(errors).toEqual([{ field: "body", line, message: expect.stringContaining("[@nobody2020]") }]);
    expect(errors[0]?.message).toContain(`line ${line}`);
  });

  it("refuses a citation not written as [@key], and a key that is not lower-case letters, digits and dashes", () => {
    expect(errorsOf(article("The lead cites [@Hazan1987].")).map((e) => e.field)).toEqual(["body"]);
    const bad = errorsOf(article("The lead.", sources.replace("key: hazan1987", "key: Hazan 1987")));
    expect(bad[0]?.field).toBe("sources[1].key");
    expect(bad[0]?.line).toBe(6);
  });

  it("refuses two sources with one key", () => {
    const errors = errorsOf(article("The lead.", sources.replace("key: fraley-2011", "key: hazan1987")));
    expect(errors[0]).toMatchObject({ field: "sources[2].key", message: expect.stringContaining("already the key of source 1") });
  });

  it("ignores citations in code and a link whose text starts with @", () => {
    expect(citationProblems("`[@nobody]`\n\n```\n[@nobody]\n```\n\n[@someone](https://example.org)", new Set())).toEqual([]);
  });

  it("stays linear and brief on a hostile text: at most 20 problems, quickly", () => {
    const hostile = `${"[@X] [@".repeat(8_000)}\n${"[@a; @".repeat(8_000)}`;
    const started = performance.now();
    const problems = citationProblems(hostile, new Set());
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.length).toBeLessThanOrEqual(20);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("counts the citation-needed marks, in either case, outside code", () => {
    expect(countCitationsNeeded(parsed(article(body)).body)).toBe(2);
    expect(countCitationsNeeded("`[citation needed]` and [citation needed]")).toBe(1);
  });
});

describe("citation rendering", () => {
  it("numbers sources by first citation, in page order, as superscripts linking to the source list", async () => {
    const r = await renderArticleBody(parsed(article(body)).body);
    expect(r.citations).toEqual([
      { key: "hazan1987", number: 1, firstId: "cite-hazan1987" },
      { key: "fraley-2011", number: 2, firstId: "cite-fraley-2011" },
    ]);
    expect(r.leadHtml).toContain(
      '<sup class="citation">[<a href="#source-hazan1987" id="cite-hazan1987"><span class="visually-hidden">source </span>1</a>]</sup>',
    );
    // The second citation of a source gets an id of its own (ids stay unique), the same number, the same target.
    expect(r.leadHtml).toContain(
      '<a href="#source-fraley-2011" id="cite-fraley-2011"><span class="visually-hidden">source </span>2</a>,<a href="#source-hazan1987" id="cite-hazan1987-2">',
    );
    expect(r.faqs[0]?.answerHtml).toContain('id="cite-fraley-2011-2"');
    const ids = [...`${r.leadHtml}${r.html}${r.faqs.map((f) => f.answerHtml).join("")}`.matchAll(/id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("renders citation needed as a visible superscript with words for screen readers, and counts it", async () => {
    const r = await renderArticleBody(parsed(article(body)).body);
    expect(r.html).toContain('<sup class="citation-needed">[<span aria-hidden="true">citation needed</span><span class="visually-hidden">');
    expect(r.citationsNeeded).toBe(2);
    expect(r.html).toContain("<code>[@nothing]</code>");
  });

  it("keeps the marks out of the plain text (search, excerpts, FAQ answers in JSON-LD)", async () => {
    const r = await renderArticleBody(parsed(article(body)).body);
    expect(r.leadText).toBe("The lead makes a claim and another.");
    expect(r.faqs[0]?.answerText).toBe("Yes, and this answer also wants one.");
    expect(r.text).not.toContain("[citation needed]");
  });

  it("prefixes the ids of a rendering shown beside another", async () => {
    const r = await renderArticleBody("A claim [@a].", { idPrefix: "now-" });
    expect(r.leadHtml).toContain('href="#now-source-a" id="now-cite-a"');
  });

  it("never lets an author's markup through a citation", async () => {
    const r = await renderArticleBody('A claim [@a]<img src=x onerror="alert(1)"> and [<b>@a</b>].');
    expect(r.leadHtml).not.toMatch(/<img|<b>|onerror/);
  });
});

describe("graded sources", () => {
  it("accepts every type in the fixed list, with a plain-language label, and refuses others", () => {
    expect(sourceTypeKeys).toHaveLength(10);
    for (const type of sourceTypeKeys) {
      expect(parsed(article("The lead.", sources.replace("longitudinal-study", type))).meta.sources[0]?.type).toBe(type);
      expect(sourceTypeLabel(type)).toBe(sourceTypes[type].label);
    }
    expect(sourceTypeLabel("meta-analysis")).toBe("Meta-analysis");
    expect(sourceTypeLabel(undefined)).toBe("not yet graded");
    const errors = errorsOf(article("The lead.", sources.replace("longitudinal-study", "anecdote")));
    expect(errors[0]).toMatchObject({ field: "sources[1].type", message: expect.stringContaining("meta-analysis") });
  });

  it("wants a sample that is a positive whole number", () => {
    expect(parsed(article("The lead.", sources.replace("sample: 620", 'sample: "1200"'))).meta.sources[0]?.sample).toBe(1200);
    for (const bad of ["sample: 0", "sample: -3", "sample: 2.5", "sample: many"])
      expect(errorsOf(article("The lead.", sources.replace("sample: 620", bad)))[0]?.field).toBe("sources[1].sample");
  });

  it("says the grade in words, or that a source is not yet graded", () => {
    const [a, b] = parsed(article("The lead.")).meta.sources;
    expect(sourceGrade(a ?? { type: undefined })).toBe("Longitudinal study, n = 620, Newspaper readers in Denver");
    expect(sourceGrade(b ?? { type: "x" })).toBe("not yet graded");
  });

  it("round-trips through the editor's form, which offers the type as a choice", () => {
    const fields = sourceToFields(article(body));
    expect(fields.sources[0]).toMatchObject({ key: "hazan1987", type: "longitudinal-study", sample: "620", population: "Newspaper readers in Denver" });
    expect(parsed(fieldsToSource(fields)).meta).toEqual(parsed(article(body)).meta);
    expect(sourceParts.type.editor.control).toBe("select");
    expect(sourceParts.type.editor.options.map((o) => o.value)).toEqual(sourceTypeKeys);
    const added = fieldsToSource({
      ...fields,
      sources: [...fields.sources, { ...emptySourceRow, author: "New, A.", year: "2020", title: "New", sample: "40" }],
    });
    expect(parsed(added).meta.sources[3]).toEqual({ author: "New, A.", year: 2020, title: "New", sample: 40 });
  });

  it("the checker warns on a source without a type, and does not count it as an error", async () => {
    const report = await checkEditorialRules(parsed(article(body)));
    expect(report.warnings).toEqual(["source 2 (Fraley, 2011) has no type: not yet graded", "source 3 (Bowlby, 1969) has no type: not yet graded"]);
    expect(report.errors.join(" ")).not.toContain("type");
  });

  it("no seed article fails the checker for its ungraded sources", async () => {
    const seed = readSeedArticles()[0];
    if (!seed) throw new Error("no seed articles");
    const report = await checkEditorialRules(parsed(seed.source), { fileSlug: seed.file.replace(/\.md$/, "") });
    expect(report.errors).toEqual([]);
  });
});

describe("the structured diff and the risk flags", () => {
  const ok = (d: ArticleDiff) => {
    if (!d.ok) throw new Error(d.reason);
    return d;
  };
  const sourcesChange = (d: ArticleDiff) => ok(d).fields.find((f): f is Extract<FieldChange, { kind: "sources" }> => f.kind === "sources");

  it("shows a source's new type as a change of that source", () => {
    const before = article(body);
    const change = sourcesChange(compareArticles(before, before.replace("type: longitudinal-study", "type: meta-analysis"), 60_000));
    expect(change?.added).toEqual([]);
    expect(change?.removed).toEqual([]);
    expect(change?.changed.map((c) => c.fields)).toEqual([["type"]]);
    expect(ok(compareArticles(before, before.replace("type: longitudinal-study", "type: meta-analysis"), 60_000)).summary.map((s) => s.text)).toContain(
      "1 source changed",
    );
  });

  it("shows a source's new key (and the citations that follow it) as a change of that source, not a removal", () => {
    const before = article(body);
    const after = before.replaceAll("hazan1987", "hazan-shaver-1987");
    const change = sourcesChange(compareArticles(before, after, 60_000));
    expect(change?.changed.map((c) => c.fields)).toEqual([["key"]]);
    expect(change?.removed).toEqual([]);
  });

  it("matches sources by key first, so a retitled keyed source is still that source", () => {
    const before = article(body);
    const after = before.replace("author: Fraley, R. C.\n    year: 2011\n    title: The Experiences", "author: Fraley, R.\n    year: 2012\n    title: Other");
    expect(sourcesChange(compareArticles(before, after, 60_000))?.changed.map((c) => c.fields)).toEqual([["author", "year", "title"]]);
  });

  it("counts the citation-needed marks on the review's diff and in a risk flag", () => {
    const before = article(body);
    const after = before.replace("[@fraley-2011], and", "[citation needed], and");
    const d = ok(compareArticles(before, after, 60_000));
    expect(d.citationsNeeded).toEqual({ before: 2, after: 3 });
    expect(d.summary.map((s) => s.text)).toContain("3 claims marked “citation needed” (was 2)");
    expect(citationNeededFlag(readRiskText(before), readRiskText(after))).toEqual({
      kind: "citation-needed",
      reason: "Adds 1 claim marked “citation needed” (3 marks in all).",
    });
    // Keeping or removing the marks already there is not flagged; a new article's marks are.
    expect(citationNeededFlag(readRiskText(before), readRiskText(before.replace("A claim nobody", "One claim nobody")))).toBeNull();
    expect(citationNeededFlag(readRiskText(after), readRiskText(before))).toBeNull();
    expect(citationNeededFlag(null, readRiskText(before))).toEqual({ kind: "citation-needed", reason: "Adds 2 claims marked “citation needed”." });
    expect(citationNeededFlag(null, readRiskText(article("A lead.")))).toBeNull();
  });
});

describe("three-way merge of sources", () => {
  const seed = readSeedArticles().find((s) => s.file === "attachment-styles.md");
  if (!seed) throw new Error("no attachment-styles seed");
  const base = canonicalSource(seed.source);
  const withSource = (text: string, add: string) => {
    const f = sourceToFields(text);
    const [author, year, title, key] = add.split("|") as [string, string, string, string];
    return fieldsToSource({ ...f, sources: [...f.sources, { ...emptySourceRow, author, year, title, key, type: "meta-analysis" }] });
  };

  it("merges two proposals that each add a different source at the end of the list", () => {
    const first = withSource(base, "First, A.|2001|The first added study|first2001");
    const second = withSource(base, "Second, B.|2002|The second added study|second2002");
    // Line by line, both insert at the same place: without the field merge this is a conflict.
    const result = threeWayMerge(base, first, second);
    expect(result.clean).toBe(true);
    if (!result.clean) return;
    const merged = parsed(result.text).meta.sources;
    expect(merged.slice(-2).map((s) => s.key)).toEqual(["first2001", "second2002"]);
    expect(merged).toHaveLength(parsed(base).meta.sources.length + 2);
    expect(parsed(result.text).body).toBe(parsed(base).body);
  });

  it("keeps the other side's prose edit and citation when merging the sources", () => {
    const first = withSource(base, "First, A.|2001|The first added study|first2001");
    const b = parsed(base).body;
    const para = b.split("\n\n")[0] ?? "";
    const second = withSource(base, "Second, B.|2002|The second added study|second2002").replace(para, `${para} [@second2002]`);
    const result = threeWayMerge(base, first, second);
    expect(result.clean).toBe(true);
    if (result.clean) expect(parsed(result.text).body).toContain("[@second2002]");
  });

  it("still conflicts when both change the same source differently", () => {
    const f = sourceToFields(base);
    const retype = (type: string) => fieldsToSource({ ...f, sources: f.sources.map((s, i) => (i === 0 ? { ...s, type } : s)) });
    expect(threeWayMerge(base, retype("meta-analysis"), retype("journalism")).clean).toBe(false);
  });

  it("still conflicts when the merged text would cite a source the other side removed", () => {
    const f = sourceToFields(base);
    // One side removes a cited source with its citation; the other cites it again elsewhere, lines apart.
    const removed = fieldsToSource({ ...f, sources: f.sources.filter((x) => x.key !== "fraley2015"), body: f.body.replace(" [@fraley2015]", "") });
    expect(parsed(removed).meta.sources).toHaveLength(f.sources.length - 1);
    const cites = base.replace(
      "applied the same framework to adult romantic relationships [@hazan1987]",
      "applied the same framework to adult romantic relationships [@hazan1987; @fraley2015]",
    );
    expect(cites).not.toBe(base);
    expect(threeWayMerge(base, removed, cites)).toEqual({ clean: false, conflicts: 1 });
  });
});
