// Markdown → safe HTML. Raw HTML in a source is dropped (remark-rehype without allowDangerousHtml),
// and rehype-sanitize runs before ids and anchors are added, so only our own attributes survive.
import type { Element, ElementContent, Root as HastRoot } from "hast";
import { toString as hastToString } from "hast-util-to-string";
import type { Heading, Root as MdastRoot, RootContent } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import rehypeSanitize from "rehype-sanitize";
import rehypeSlug from "rehype-slug";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { env } from "../env";
import { applyCitations, citationState, withoutCitationMarks, type CitedSource } from "./citations";

export type TocEntry = { id: string; text: string; depth: 2 | 3 };
export type Faq = { id: string; question: string; answerHtml: string; answerText: string };
export type RenderedBody = {
  leadHtml: string;
  html: string;
  toc: TocEntry[];
  faqs: Faq[];
  /** Plain text of the whole body, for search and excerpts. */
  text: string;
  leadText: string;
  /** The sources the text cites, numbered by first citation in page order (lead, sections, FAQ answers). */
  citations: CitedSource[];
  /** How many claims carry "[citation needed]". */
  citationsNeeded: number;
};

/** `marks`: line ranges of the body (from 1) whose top-level blocks get a change mark in the margin (the review page). */
/** `idPrefix`: prefixed to every id, so two renderings can share a page (the review's "now" beside "after"). */
export type RenderOptions = { marks?: [number, number][]; idPrefix?: string };

/** Marks each top-level block that overlaps a marked line range: a class for the margin and words for screen readers. */
function markChanged(tree: HastRoot, marks: [number, number][] | undefined): HastRoot {
  if (!marks?.length) return tree;
  for (const node of tree.children) {
    if (node.type !== "element" || !node.position) continue;
    const { start, end } = node.position;
    if (!marks.some(([from, to]) => from <= end.line && to >= start.line)) continue;
    const className = Array.isArray(node.properties.className) ? node.properties.className : [];
    node.properties.className = [...className, "changed-block"];
    // Words for screen readers, where a span is allowed: not in headings (their text feeds the table of contents),
    // in a list's first item, and not in tables.
    const host =
      node.tagName === "ul" || node.tagName === "ol"
        ? node.children.find((c): c is Element => c.type === "element" && c.tagName === "li")
        : /^(h[1-6]|table|hr)$/.test(node.tagName)
          ? undefined
          : node;
    host?.children.unshift({
      type: "element",
      tagName: "span",
      properties: { className: ["visually-hidden"] },
      children: [{ type: "text", value: "Changed: " }],
    });
  }
  return tree;
}

const FAQ_HEADING = /^(faqs?|frequently asked questions)$/i;

// Each h2/h3 gets a "#" link to itself, after its id exists (shown on hover and focus). Screen readers hear
// "Link to this section", after a space, so the heading reads "History Link to this section", not "HistoryLink to “History”".
function rehypeHeadingAnchors() {
  return (tree: HastRoot) => {
    visit(tree, "element", (node: Element) => {
      if ((node.tagName === "h2" || node.tagName === "h3") && typeof node.properties.id === "string") {
        node.children.push({
          type: "element",
          tagName: "a",
          properties: { href: `#${node.properties.id}`, className: ["heading-anchor"] },
          children: [
            { type: "element", tagName: "span", properties: { ariaHidden: "true" }, children: [{ type: "text", value: "#" }] },
            { type: "element", tagName: "span", properties: { className: ["visually-hidden"] }, children: [{ type: "text", value: " Link to this section" }] },
          ],
        });
      }
    });
  };
}

/** Whether an image address may be loaded by readers' browsers: our own files, or a host on IMAGE_HOSTS. */
export function isAllowedImage(src: string, allowedHosts: readonly string[] = env().IMAGE_HOSTS): boolean {
  if (/^\/(?!\/)/.test(src)) return true;
  try {
    const url = new URL(src);
    return url.protocol === "https:" && allowedHosts.includes(url.hostname.toLowerCase());
  } catch {
    return false;
  }
}

// An image from a host nobody allowed becomes a plain link to it: loading it would tell that host every reader's address.
function rehypeExternalImagesAsLinks() {
  return (tree: HastRoot) => {
    visit(tree, "element", (node: Element, index, parent) => {
      if (node.tagName !== "img" || !parent || index === undefined) return;
      const src = typeof node.properties.src === "string" ? node.properties.src : "";
      if (isAllowedImage(src)) return;
      const alt = typeof node.properties.alt === "string" && node.properties.alt.trim() ? node.properties.alt.trim() : "image";
      parent.children[index] = src
        ? {
            type: "element",
            tagName: "a",
            properties: { href: src, rel: ["nofollow", "noopener"], className: ["external-image"] },
            children: [{ type: "text", value: `${alt} (image on another site)` }],
          }
        : { type: "text", value: alt };
    });
  };
}

const makeProcessor = (prefix = "") =>
  unified().use(remarkRehype).use(rehypeSanitize).use(rehypeExternalImagesAsLinks).use(rehypeSlug, { prefix }).use(rehypeHeadingAnchors).use(rehypeStringify);
const processor = makeProcessor();
const prefixed = new Map<string, ReturnType<typeof makeProcessor>>();
const processorFor = (prefix = "") => {
  if (!prefix) return processor;
  let p = prefixed.get(prefix);
  if (!p) prefixed.set(prefix, (p = makeProcessor(prefix)));
  return p;
};

const parser = unified().use(remarkParse).use(remarkGfm);

async function toHast(nodes: RootContent[], prefix?: string): Promise<HastRoot> {
  const root: MdastRoot = { type: "root", children: nodes };
  return (await processorFor(prefix).run(root)) as HastRoot;
}

function hastHtml(tree: HastRoot): string {
  return processor.stringify(tree);
}

function collectToc(tree: HastRoot): TocEntry[] {
  const toc: TocEntry[] = [];
  for (const node of tree.children) {
    if (node.type === "element" && (node.tagName === "h2" || node.tagName === "h3") && typeof node.properties.id === "string") {
      const textOnly = node.children.filter(
        (c: ElementContent) => !(c.type === "element" && c.tagName === "a" && (c.properties.className as string[] | undefined)?.includes("heading-anchor")),
      );
      toc.push({ id: node.properties.id, text: hastToString({ type: "root", children: textOnly }), depth: node.tagName === "h2" ? 2 : 3 });
    }
  }
  return toc;
}

export async function renderMarkdown(markdown: string): Promise<string> {
  return hastHtml(await toHast((parser.parse(markdown) as MdastRoot).children));
}

// Raw HTML is never rendered, so it must not reach the plain text (search index, excerpts) either.
function withoutRawHtml(tree: MdastRoot): MdastRoot {
  visit(tree, "html", (_node, index, parent) => {
    if (parent && index !== undefined) {
      parent.children.splice(index, 1);
      return index;
    }
  });
  return tree;
}

export async function renderArticleBody(markdown: string, { marks, idPrefix = "" }: RenderOptions = {}): Promise<RenderedBody> {
  const tree = withoutRawHtml(parser.parse(markdown) as MdastRoot);
  const nodes = tree.children;
  const firstHeading = nodes.findIndex((n) => n.type === "heading");
  const leadNodes = firstHeading === -1 ? nodes : nodes.slice(0, firstHeading);
  const rest = firstHeading === -1 ? [] : nodes.slice(firstHeading);

  // Split out the FAQs section: from its ## heading to the next ## heading.
  const faqStart = rest.findIndex((n) => n.type === "heading" && n.depth === 2 && FAQ_HEADING.test(mdastToString(n).trim()));
  let sectionNodes = rest;
  const faqs: Faq[] = [];
  const faqTrees: HastRoot[] = [];
  if (faqStart !== -1) {
    const after = rest.slice(faqStart + 1);
    const faqEnd = after.findIndex((n) => n.type === "heading" && n.depth <= 2);
    const faqNodes = faqEnd === -1 ? after : after.slice(0, faqEnd);
    sectionNodes = [...rest.slice(0, faqStart), ...(faqEnd === -1 ? [] : after.slice(faqEnd))];
    let current: { q: Heading; answer: RootContent[] } | null = null;
    const flush = async () => {
      if (!current) return;
      const question = mdastToString(current.q).trim();
      faqTrees.push(markChanged(await toHast(current.answer, idPrefix), marks));
      faqs.push({
        id: `${idPrefix}faq-${faqs.length + 1}`,
        question,
        answerHtml: "",
        answerText: withoutCitationMarks(
          current.answer
            .map((n) => mdastToString(n))
            .join("\n\n")
            .trim(),
        ),
      });
    };
    for (const node of faqNodes) {
      if (node.type === "heading") {
        await flush();
        current = { q: node, answer: [] };
      } else current?.answer.push(node);
    }
    await flush();
  }

  const [leadTree, sectionTree] = (await Promise.all([toHast(leadNodes, idPrefix), toHast(sectionNodes, idPrefix)])).map((tree) =>
    markChanged(tree, marks),
  ) as [HastRoot, HastRoot];
  const toc = collectToc(sectionTree).map((t) => ({ ...t, text: withoutCitationMarks(t.text) }));
  // Citations are numbered in the order a reader meets them: the lead, the sections, then the FAQ answers.
  const cites = citationState(idPrefix);
  for (const tree of [leadTree, sectionTree, ...faqTrees]) applyCitations(tree, cites);
  faqs.forEach((f, i) => (f.answerHtml = hastHtml(faqTrees[i] as HastRoot)));
  if (faqs.length > 0) toc.push({ id: "faqs", text: "FAQs", depth: 2 });
  const leadText = withoutCitationMarks(
    leadNodes
      .map((n) => mdastToString(n))
      .join("\n\n")
      .trim(),
  );
  return {
    leadHtml: hastHtml(leadTree),
    html: hastHtml(sectionTree),
    toc,
    faqs,
    leadText,
    text: withoutCitationMarks(
      nodes
        .map((n) => mdastToString(n))
        .join("\n\n")
        .trim(),
    ),
    citations: [...cites.cited.values()],
    citationsNeeded: cites.needed,
  };
}

/** A short plain-text excerpt that ends on a word boundary. */
export function excerpt(text: string, max = 180): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max * 0.6)).replace(/[,;:.\s]+$/, "")}…`;
}
