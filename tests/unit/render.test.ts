import { describe, expect, it } from "vitest";
import { excerpt, renderArticleBody, renderMarkdown } from "@/lib/articles/render";

/** Every HTML string a rendered body produces. */
async function allHtml(markdown: string): Promise<string> {
  const body = await renderArticleBody(markdown);
  return [body.leadHtml, body.html, ...body.faqs.map((f) => f.answerHtml)].join("\n");
}

const jsHref = /href\s*=\s*["']?\s*javascript:/i;

describe("renderMarkdown / renderArticleBody: unsafe input", () => {
  it("drops <script> elements", async () => {
    const md = 'Lead <script>alert(1)</script> text.\n\n<script>\nalert(2)\n</script>\n\n## Section\n\n<script src="https://evil.example/x.js"></script>';
    const html = await renderMarkdown(md);
    expect(html).not.toContain("<script");
    expect(html).not.toContain("</script");
    const body = await allHtml(md);
    expect(body).not.toContain("<script");
    expect(body).not.toContain("evil.example");
  });

  it("drops javascript: hrefs from Markdown links, keeping the link text", async () => {
    for (const md of [
      "[click me](javascript:alert(1))",
      "[click me](JavaScript:alert(1))",
      "[click me](javascript&#58;alert(1))",
      "[click me](  javascript:alert(1) )",
    ]) {
      const html = await renderMarkdown(md);
      expect(html).not.toContain("javascript:");
      expect(html).not.toMatch(/javascript/i);
      expect(html).toContain("click me");
    }
  });

  it("drops javascript: hrefs from reference links and images", async () => {
    const html = await renderMarkdown("[ref][x] and ![pic](javascript:alert(1))\n\n[x]: javascript:alert(1)");
    expect(html).not.toContain("javascript:");
    expect(html).not.toMatch(/src=/);
  });

  it("drops javascript: hrefs from autolinks (the visible text stays as inert text)", async () => {
    const html = await renderMarkdown("See <javascript:alert(1)> here.");
    expect(html).not.toMatch(jsHref);
    expect(html).not.toMatch(/<a[^>]*href/);
    const body = await renderArticleBody("Lead <javascript:alert(1)>.\n\n## S\n\nMore <JAVASCRIPT:alert(2)>.");
    expect(body.leadHtml).not.toMatch(jsHref);
    expect(body.html).not.toMatch(jsHref);
  });

  it("drops javascript: hrefs written as raw HTML anchors", async () => {
    const html = await renderMarkdown("<a href=\"javascript:alert(1)\">x</a> and <a href='javascript:alert(2)'>y</a>");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("<a");
  });

  it("drops event-handler attributes", async () => {
    const md = '<img src=x onerror=alert(1)>\n\nText <b onclick="alert(2)">bold</b> <svg onload=alert(3)></svg>';
    const html = await renderMarkdown(md);
    expect(html).not.toMatch(/onerror/i);
    expect(html).not.toMatch(/onclick/i);
    expect(html).not.toMatch(/onload/i);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<svg");
    expect(await allHtml(`Lead.\n\n## S\n\n${md}`)).not.toMatch(/on(error|click|load)/i);
  });

  it("drops <iframe>, <style>, <object>, <form> and other raw HTML", async () => {
    const md = [
      "Lead.",
      '<iframe src="https://evil.example"></iframe>',
      "<style>body { display: none }</style>",
      '<div class="x">inside a div</div>',
      '<object data="x.swf"></object>',
      '<form action="https://evil.example"><input name="p"></form>',
      'Inline <span style="color:red">span</span> and <u>u</u>.',
      "<!-- a comment -->",
    ].join("\n\n");
    for (const html of [await renderMarkdown(md), await allHtml(md)]) {
      expect(html).not.toContain("<iframe");
      expect(html).not.toContain("<style");
      expect(html).not.toContain("display: none");
      expect(html).not.toContain("<div");
      expect(html).not.toContain('class="x"');
      expect(html).not.toContain("<object");
      expect(html).not.toContain("<form");
      expect(html).not.toContain("<input");
      expect(html).not.toContain("<span");
      expect(html).not.toContain("style=");
      expect(html).not.toContain("<!--");
      expect(html).not.toContain("evil.example");
    }
  });

  it("keeps safe links: https, http, mailto, relative and anchors", async () => {
    const html = await renderMarkdown(
      "[a](https://example.org/x) [b](http://example.org) [c](mailto:a@example.org) [d](/wiki/attachment-styles) [e](#history) <https://auto.example>",
    );
    expect(html).toContain('<a href="https://example.org/x">a</a>');
    expect(html).toContain('<a href="http://example.org">b</a>');
    expect(html).toContain('<a href="mailto:a@example.org">c</a>');
    expect(html).toContain('<a href="/wiki/attachment-styles">d</a>');
    expect(html).toContain('<a href="#history">e</a>');
    expect(html).toContain('<a href="https://auto.example">https://auto.example</a>');
  });

  it("escapes text that looks like HTML inside code", async () => {
    const html = await renderMarkdown("Use `<script>` carefully.\n\n```html\n<script>alert(1)</script>\n```");
    expect(html).not.toContain("<script");
    expect(html).toContain("&#x3C;script>");
  });
});

describe("renderArticleBody: structure", () => {
  const markdown = `The **lead** paragraph, with a [link](/wiki/x).

A second lead paragraph.

## History of *the* idea
Prose.

### Early dating
Prose under a sub-heading.

### Later years
More prose.

## Relationship Milestones
Text.

| Stage | Typical length |
|-------|---------------:|
| Early | 3 months |
| Later | 1 year |

## FAQs
### Is this a question?
Yes, it **is**.

Another paragraph of the answer.

### Is there a second?
No.

## Further reading
The end.
`;

  it("gives headings ids and a # anchor link to themselves", async () => {
    const { html } = await renderArticleBody(markdown);
    expect(html).toContain('<h2 id="history-of-the-idea">History of <em>the</em> idea<a href="#history-of-the-idea" class="heading-anchor"');
    expect(html).toContain(
      '<h3 id="early-dating">Early dating<a href="#early-dating" class="heading-anchor"><span aria-hidden="true">#</span><span class="visually-hidden"> Link to this section</span></a></h3>',
    );
    expect(html).toContain('<h2 id="further-reading">');
    // Ids are added after sanitizing, so they carry no "user-content-" prefix.
    expect(html).not.toContain("user-content-");
  });

  it('names the anchor once, after a space: the heading reads as its own words, then "Link to this section"', async () => {
    const { html } = await renderArticleBody("Lead.\n\n## History\n\nText.");
    const heading = /<h2[^>]*>([\s\S]*?)<\/h2>/.exec(html)?.[1] ?? "";
    // What a screen reader takes as the heading's name: its text, less what is aria-hidden.
    const spoken = heading.replace(/<span aria-hidden="true">[^<]*<\/span>/g, "").replace(/<[^>]+>/g, "");
    expect(spoken).toBe("History Link to this section");
    expect(heading).not.toContain("aria-label");
  });

  it("lists ## as depth 2 and ### as depth 3 in order, with FAQs last", async () => {
    const { toc } = await renderArticleBody(markdown);
    expect(toc).toEqual([
      { id: "history-of-the-idea", text: "History of the idea", depth: 2 },
      { id: "early-dating", text: "Early dating", depth: 3 },
      { id: "later-years", text: "Later years", depth: 3 },
      { id: "relationship-milestones", text: "Relationship Milestones", depth: 2 },
      { id: "further-reading", text: "Further reading", depth: 2 },
      { id: "faqs", text: "FAQs", depth: 2 },
    ]);
  });

  it("splits the FAQs section out of the html", async () => {
    const { html, faqs } = await renderArticleBody(markdown);
    expect(faqs).toEqual([
      {
        id: "faq-1",
        question: "Is this a question?",
        answerHtml: "<p>Yes, it <strong>is</strong>.</p>\n<p>Another paragraph of the answer.</p>",
        answerText: "Yes, it is.\n\nAnother paragraph of the answer.",
      },
      { id: "faq-2", question: "Is there a second?", answerHtml: "<p>No.</p>", answerText: "No." },
    ]);
    expect(html).not.toContain("FAQs");
    expect(html).not.toContain("Is this a question?");
    expect(html).not.toContain("Another paragraph of the answer.");
    // The section after the FAQs is still in the html.
    expect(html).toContain("The end.");
  });

  it("recognises 'Frequently asked questions' as the FAQ heading", async () => {
    const { faqs, toc, html } = await renderArticleBody("Lead.\n\n## Frequently Asked Questions\n\n### Why?\n\nBecause.");
    expect(faqs.map((f) => f.question)).toEqual(["Why?"]);
    expect(toc).toEqual([{ id: "faqs", text: "FAQs", depth: 2 }]);
    expect(html).toBe("");
  });

  it("adds no FAQs entry to the toc when there are no FAQs", async () => {
    const { faqs, toc } = await renderArticleBody("Lead.\n\n## History\n\nText.");
    expect(faqs).toEqual([]);
    expect(toc).toEqual([{ id: "history", text: "History", depth: 2 }]);
  });

  it("strips unsafe HTML from FAQ answers", async () => {
    const { faqs } = await renderArticleBody(
      "Lead.\n\n## FAQs\n\n### Safe?\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
    );
    expect(faqs).toHaveLength(1);
    expect(faqs[0].answerHtml).not.toContain("<script");
    expect(faqs[0].answerHtml).not.toContain("javascript:");
    expect(faqs[0].answerHtml).not.toMatch(/onerror/i);
  });

  it("takes the lead from what comes before the first heading", async () => {
    const body = await renderArticleBody(markdown);
    expect(body.leadHtml).toBe('<p>The <strong>lead</strong> paragraph, with a <a href="/wiki/x">link</a>.</p>\n<p>A second lead paragraph.</p>');
    expect(body.leadText).toBe("The lead paragraph, with a link.\n\nA second lead paragraph.");
    expect(body.html.startsWith('<h2 id="history-of-the-idea">')).toBe(true);
    expect(body.html).not.toContain("A second lead paragraph.");
    expect(body.text.startsWith("The lead paragraph, with a link.")).toBe(true);
    expect(body.text).toContain("Another paragraph of the answer.");
  });

  it("treats a body without headings as all lead", async () => {
    const body = await renderArticleBody("Only a lead.\n\nStill the lead.");
    expect(body.leadHtml).toBe("<p>Only a lead.</p>\n<p>Still the lead.</p>");
    expect(body.html).toBe("");
    expect(body.toc).toEqual([]);
  });

  it("renders GFM tables", async () => {
    const { html } = await renderArticleBody(markdown);
    expect(html).toContain("<table>");
    expect(html).toMatch(/<thead>\s*<tr>\s*<th>Stage<\/th>\s*<th align="right">Typical length<\/th>\s*<\/tr>\s*<\/thead>/);
    expect(html).toMatch(/<tbody>\s*<tr>\s*<td>Early<\/td>\s*<td align="right">3 months<\/td>\s*<\/tr>/);
  });

  it("renders other GFM: strikethrough and autolinked URLs", async () => {
    const html = await renderMarkdown("~~old~~ and www.example.org");
    expect(html).toContain("<del>old</del>");
    expect(html).toContain('<a href="http://www.example.org">www.example.org</a>');
  });
});

describe("excerpt", () => {
  const text =
    "Attachment theory describes how early bonds with caregivers shape the ways adults seek closeness, respond to separation and handle conflict in their closest relationships, and it has been studied for decades.";

  it("returns short text unchanged, with whitespace collapsed", () => {
    expect(excerpt("  A short\n\ntext.  ")).toBe("A short text.");
    expect(excerpt(text, text.length)).toBe(text);
  });

  it("cuts on a word boundary and adds an ellipsis", () => {
    const result = excerpt(text, 60);
    expect(result).toBe("Attachment theory describes how early bonds with caregivers…");
    expect(result.length).toBeLessThanOrEqual(61);
    const withoutEllipsis = result.slice(0, -1);
    expect(text.startsWith(withoutEllipsis)).toBe(true);
    expect(text[withoutEllipsis.length]).toBe(" ");
  });

  it("drops trailing punctuation before the ellipsis", () => {
    expect(excerpt("One, two, three, four, five, six, seven.", 17)).toBe("One, two, three…");
  });

  it("uses 180 characters by default", () => {
    const long = "word ".repeat(100);
    const result = excerpt(long);
    expect(result.endsWith("word…")).toBe(true);
    expect(result.length).toBeLessThanOrEqual(181);
    expect(result.length).toBeGreaterThan(150);
  });

  it("cuts inside a very long word rather than returning almost nothing", () => {
    const result = excerpt(`a ${"x".repeat(300)}`, 100);
    expect(result.endsWith("…")).toBe(true);
    expect(result.length).toBeGreaterThanOrEqual(60);
    expect(result.length).toBeLessThanOrEqual(101);
  });
});

describe("images from other hosts", () => {
  it("renders an image from a host not on IMAGE_HOSTS as a link to it, so readers' browsers never load it", async () => {
    const html = await renderMarkdown("See ![a chart](https://tracker.example/pixel.png) and ![](http://tracker.example/p.gif).");
    expect(html).not.toContain("<img");
    expect(html).toContain('<a href="https://tracker.example/pixel.png" rel="nofollow noopener" class="external-image">a chart (image on another site)</a>');
    expect(html).toContain('href="http://tracker.example/p.gif"');
  });

  it("keeps local images and images from allowed hosts", async () => {
    expect(await renderMarkdown("![local](/figures/x.svg)")).toContain('<img src="/figures/x.svg" alt="local">');
    const { isAllowedImage } = await import("@/lib/articles/render");
    expect(isAllowedImage("https://upload.wikimedia.org/a.png", ["upload.wikimedia.org"])).toBe(true);
    expect(isAllowedImage("http://upload.wikimedia.org/a.png", ["upload.wikimedia.org"])).toBe(false);
    expect(isAllowedImage("https://upload.wikimedia.org.evil.example/a.png", ["upload.wikimedia.org"])).toBe(false);
    expect(isAllowedImage("//evil.example/a.png", ["upload.wikimedia.org"])).toBe(false);
  });
});
