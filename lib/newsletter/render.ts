// Newsletter emails: an HTML part from the sanitised Markdown renderer and a plain-text part from the same
// Markdown, both ending with the reader's own unsubscribe link. Raw HTML in an issue is never rendered.
import type { Code, Delete, Emphasis, Heading, Image, ImageReference, InlineCode, Link, LinkReference, Parent, RootContent, Strong, Table, Text } from "mdast";
import { toMarkdown, type Handle, type Options } from "mdast-util-to-markdown";
import { toString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { renderMarkdown } from "../articles/render";
import type { Email } from "../email";
import { emailLayout } from "../email/templates";
import { env } from "../env";
import { escapeHtml } from "../html";
import { absoluteUrl } from "../site";
import { listUnsubscribeHeaders, unsubscribePageUrl } from "./links";

const parser = unified().use(remarkParse).use(remarkGfm);

/** A link target usable outside the site: site paths become absolute, other schemes than http(s) and mailto are dropped. */
export function emailHref(url: string): string | null {
  if (url.startsWith("/") && !url.startsWith("//")) return absoluteUrl(url);
  if (/^(https?:|mailto:)/i.test(url)) return url;
  return null;
}

/** A phrasing handler whose peek (the first character the serializer asks of a next sibling, for escaping) costs nothing. */
function inline(handle: Handle): Handle {
  return Object.assign(handle, { peek: () => "" });
}
const words = inline((node: Emphasis | Strong | Delete | LinkReference, _parent, state, info) => state.containerPhrasing(node, info));
const nothing: Handle = () => "";

// mdast-util-to-markdown (remark's serializer) writes the blocks: "- " and "1. " lists with their indents, "> " quotes,
// "* * *" rules, blank lines between blocks. These handlers make the words plain: no Markdown escapes or markers,
// links as "label (url)", h1/h2 underlined, raw HTML dropped.
const PLAIN_TEXT: Options = {
  bullet: "-",
  listItemIndent: "one",
  rule: "*",
  ruleSpaces: true,
  handlers: {
    text: inline((node: Text) => node.value),
    inlineCode: inline((node: InlineCode) => node.value),
    break: inline(() => "\n"),
    emphasis: words,
    strong: words,
    delete: words,
    linkReference: words,
    link: inline((node: Link, _parent, state, info) => {
      const label = state.containerPhrasing(node, info);
      const href = emailHref(node.url);
      return href && href !== label ? `${label} (${href})` : label;
    }),
    image: inline((node: Image) => {
      const href = emailHref(node.url);
      return node.alt ? `[${node.alt}]${href ? ` (${href})` : ""}` : "";
    }),
    imageReference: inline((node: ImageReference) => (node.alt ? `[${node.alt}]` : "")),
    html: inline(nothing),
    footnoteReference: inline(nothing),
    heading: (node: Heading, _parent, state, info) => {
      const text = state.containerPhrasing(node, info);
      return node.depth <= 2 ? `${text}\n${"-".repeat(Math.min(text.length, 60))}` : text;
    },
    code: (node: Code) => indentCode(node.value),
    table: (node: Table, _parent, state, info) =>
      node.children.map((row) => row.children.map((cell) => state.containerPhrasing(cell, info)).join(" | ")).join("\n"),
  },
};

/** Code, indented four spaces (blank lines stay blank). */
function indentCode(code: string): string {
  return code
    .split("\n")
    .map((line) => (line ? `    ${line}` : line))
    .join("\n");
}

/** Blocks that would leave an empty gap in plain text: raw HTML, definitions, footnotes, paragraphs with no words. */
function isEmptyBlock(node: RootContent): boolean {
  if (node.type === "html" || node.type === "definition" || node.type === "footnoteDefinition") return true;
  return node.type === "paragraph" && toString(node, { includeHtml: false }).trim() === "";
}

/** The plain-text part of an email, from the issue's Markdown. */
export function markdownToText(markdown: string): string {
  const tree = parser.parse(markdown);
  visit(tree, (node) => {
    if ("children" in node && node.type !== "paragraph") (node as Parent).children = (node as Parent).children.filter((c) => !isEmptyBlock(c as RootContent));
  });
  return toMarkdown(tree, PLAIN_TEXT).trim();
}

// Sections of an issue stay smaller than its subject (the email's one h1), whatever the mail client's defaults.
const HEADING_STYLE: Record<string, string> = {
  h2: "font-size:19px;margin:28px 0 8px;line-height:1.3",
  h3: "font-size:16px;margin:20px 0 6px;line-height:1.3",
  h4: "font-size:15px;margin:16px 0 4px",
};

/** The sanitised HTML of an issue for an email: no heading anchors, every site link absolute. */
export async function issueEmailHtml(markdown: string): Promise<string> {
  const html = await renderMarkdown(markdown);
  const site = env().SITE_URL;
  return html
    .replace(/<a href="#[^"]*" class="heading-anchor"[^>]*>[\s\S]*?<\/a>/g, "")
    .replace(/ (href|src)="\/(?!\/)/g, ` $1="${escapeHtml(site)}/`)
    .replace(/<(h[2-6])( |>)/g, (_m, tag: string, next: string) => `<${tag} style="${HEADING_STYLE[tag] ?? HEADING_STYLE.h4}"${next}`);
}

export type NewsletterEmailInput = {
  to: string;
  subject: string;
  heading: string;
  bodyHtml: string;
  bodyText: string;
  /** The recipient's unsubscribe token: the personal link and the List-Unsubscribe headers are built from it. */
  unsubscribeToken: string;
  /** Where the same text can be read on the site, when it is public. */
  webUrl?: string;
  tag: string;
};

// The layout is rendered once per issue (React is too slow to run per recipient at 100 emails a batch), with this
// stand-in where each reader's own unsubscribe address goes; it survives React's escaping unchanged.
const UNSUBSCRIBE_SLOT = "https://unsubscribe.attune.invalid/slot";

/** The newsletter's email page (heading, body, small print) with the unsubscribe address left to fill in. */
function newsletterLayout(parts: { subject: string; heading: string; bodyHtml: string; webUrl?: string }): Promise<string> {
  return emailLayout({
    title: parts.subject,
    heading: parts.heading,
    bodyHtml: parts.bodyHtml,
    footer: [
      ...(parts.webUrl ? [{ link: { label: "Read this issue on the web", href: parts.webUrl } }] : []),
      { before: `You are receiving this because you subscribed to the ${env().SITE_NAME} newsletter.` },
      { link: { label: "Unsubscribe", href: UNSUBSCRIBE_SLOT }, after: " with one click, or erase your address from our list." },
    ],
  });
}

/** One reader's email from a laid-out page: their unsubscribe link, the plain-text part and the RFC 8058 headers. */
function personalise(layoutHtml: string, input: Omit<NewsletterEmailInput, "bodyHtml">): Email {
  const unsubscribe = unsubscribePageUrl(input.unsubscribeToken);
  const html = layoutHtml.replaceAll(UNSUBSCRIBE_SLOT, escapeHtml(unsubscribe));
  const text = [
    input.heading,
    "",
    input.bodyText,
    "",
    "--",
    ...(input.webUrl ? [`Read this issue on the web: ${input.webUrl}`] : []),
    `You are receiving this because you subscribed to the ${env().SITE_NAME} newsletter.`,
    `Unsubscribe (one click, or erase your address): ${unsubscribe}`,
  ].join("\n");
  return { to: input.to, subject: input.subject, html, text, headers: listUnsubscribeHeaders(input.unsubscribeToken), tag: input.tag };
}

/** One newsletter-style email (the welcome message): the site's layout with the personal unsubscribe link. */
export async function newsletterEmail(input: NewsletterEmailInput): Promise<Email> {
  return personalise(await newsletterLayout(input), input);
}

export type RenderedIssue = {
  subject: string;
  bodyHtml: string;
  bodyText: string;
  /** The laid-out page, rendered once, for sends with and without a link to the web copy. */
  layout: { plain: string; withWebLink: string; webUrl?: string };
};

/** The parts of an issue shared by every recipient: render once per send, not once per email. */
export async function renderIssue(issue: { subject: string; markdown: string }, options: { webUrl?: string } = {}): Promise<RenderedIssue> {
  const bodyHtml = await issueEmailHtml(issue.markdown);
  const [plain, withWebLink] = await Promise.all([
    newsletterLayout({ subject: issue.subject, heading: issue.subject, bodyHtml }),
    options.webUrl ? newsletterLayout({ subject: issue.subject, heading: issue.subject, bodyHtml, webUrl: options.webUrl }) : Promise.resolve(""),
  ]);
  return { subject: issue.subject, bodyHtml, bodyText: markdownToText(issue.markdown), layout: { plain, withWebLink, webUrl: options.webUrl } };
}

/** One reader's copy of a rendered issue (`webUrl`: the one the issue was rendered with, or none for a test send). */
export function issueEmail(rendered: RenderedIssue, to: string, unsubscribeToken: string, options: { webUrl?: string; test?: boolean } = {}): Email {
  const webUrl = options.webUrl;
  if (webUrl && webUrl !== rendered.layout.webUrl) throw new Error("issueEmail: render the issue with this webUrl first (renderIssue(issue, { webUrl })).");
  return personalise(webUrl ? rendered.layout.withWebLink : rendered.layout.plain, {
    to,
    subject: options.test ? `[Test] ${rendered.subject}` : rendered.subject,
    heading: rendered.subject,
    bodyText: rendered.bodyText,
    unsubscribeToken,
    webUrl,
    tag: options.test ? "newsletter-test" : "newsletter",
  });
}
