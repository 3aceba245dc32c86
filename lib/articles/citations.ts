// Inline citations, Pandoc style: a claim cites its sources by key, `[@hazan1987]` or `[@a; @b]`, and a claim
// without one may carry `[citation needed]`. The parser checks every key against the article's sources
// (citationProblems); the renderer turns the marks into numbered superscripts on its own hast nodes, after
// sanitising (rehypeCitations), so no attribute of the author's ever reaches the page.
import type { Element, ElementContent, Root as HastRoot, Text } from "hast";
import { SKIP, visit } from "unist-util-visit";

/** One citation as written: `[@a]`, `[@a; @b]` (spaces around `;` optional). Keys as sourceKeyPattern allows. */
const CITATION = /\[@([a-z0-9][a-z0-9-]*(?:[ \t]*;[ \t]*@[a-z0-9][a-z0-9-]*)*)\]/g;
const NEEDED = /\[[Cc]itation needed\]/g;
/** Both marks, in the order they appear. */
const MARK = /\[@([a-z0-9][a-z0-9-]*(?:[ \t]*;[ \t]*@[a-z0-9][a-z0-9-]*)*)\]|\[[Cc]itation needed\]/g;
const MARK_WITH_SPACE = new RegExp(`[ \\t]*(?:${MARK.source})`, "g");
/** Anything that starts like a citation (`[@…]`, not a link's text `[@name](…)`), for the parser to check. */
const LOOKS_LIKE = /\[@([^\]\n]{0,200})\](?![([])/g;
const ONE_CITATION = new RegExp(`^${CITATION.source}$`);
/** A text that gets one citation wrong usually gets it wrong everywhere: the first few say it. */
const MAX_PROBLEMS = 20;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

const keysOf = (inner: string) => inner.split(";").map((k) => k.trim().replace(/^@/, ""));

/** The body's lines outside fenced code, with inline code spans blanked (their text is never a citation). */
function proseLines(body: string): { text: string; index: number }[] {
  const out: { text: string; index: number }[] = [];
  let fence: string | null = null;
  body.split("\n").forEach((line, index) => {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
      return;
    }
    if (f) {
      fence = f[1];
      return;
    }
    // An indented code block (four spaces after a blank line) is rare in articles; its brackets are checked too.
    out.push({ text: line.replace(/(`+)[^`]*?\1/g, (m) => " ".repeat(m.length)), index });
  });
  return out;
}

export type CitationProblem = { line: number; message: string };

/**
 * Every citation in a body whose key is not a source's key, or that is not written as one, with its line (counted
 * from `firstLine`, the body's first line in the whole source). Linear in the length of the body.
 */
export function citationProblems(body: string, keys: ReadonlySet<string>, firstLine = 1): CitationProblem[] {
  const problems: CitationProblem[] = [];
  for (const { text, index } of proseLines(body)) {
    const line = firstLine + index;
    for (const m of text.matchAll(LOOKS_LIKE)) {
      const inner = m[1] ?? "";
      if (problems.length >= MAX_PROBLEMS) return problems;
      const wellFormed = ONE_CITATION.test(m[0]);
      if (!wellFormed) {
        problems.push({
          line,
          message: `the citation ${m[0]} at line ${line} is not written as [@key] or [@key1; @key2] (keys are lower-case letters, digits and dashes)`,
        });
        continue;
      }
      for (const key of keysOf(inner)) {
        if (!keys.has(key))
          problems.push({ line, message: `the citation [@${key}] at line ${line} names no source: give a source the key ${key}, or correct the citation` });
      }
    }
  }
  return problems;
}

/** How many claims in a body carry "[citation needed]" (code left out). */
export function countCitationsNeeded(body: string): number {
  let n = 0;
  for (const { text } of proseLines(body)) n += text.match(NEEDED)?.length ?? 0;
  return n;
}

/** A plain text (search, excerpts, FAQ answers in JSON-LD) without the citation marks. */
export function withoutCitationMarks(text: string): string {
  return text.includes("[") ? text.replace(MARK_WITH_SPACE, "") : text;
}

/** The keys a body cites, in order of first citation. */
export function citedKeys(body: string): string[] {
  const seen = new Set<string>();
  for (const { text } of proseLines(body)) for (const m of text.matchAll(CITATION)) for (const k of keysOf(m[1] ?? "")) seen.add(k);
  return [...seen];
}

/** How often one key is cited: every citation of it, and the distinct blocks (paragraphs, list items, FAQ answers) citing it. */
export type CitationCount = { uses: number; blocks: number };

const BLOCK_START = /^\s{0,3}(?:#{1,6}\s|[-*+]\s|\d{1,9}[.)]\s|>)/;

/**
 * Per cited key, how many times and in how many distinct blocks the body cites it (lib/articles/evidence.ts weighs
 * sources by the claims resting on them). A block is a run of lines between blank lines; a heading, list item or
 * quote line starts a new one. Code is left out, as everywhere.
 */
export function citationCounts(body: string): Map<string, CitationCount> {
  const counts = new Map<string, CitationCount>();
  let seenInBlock = new Set<string>();
  let lastIndex = -2;
  for (const { text, index } of proseLines(body)) {
    if (text.trim() === "" || index !== lastIndex + 1 || BLOCK_START.test(text)) {
      seenInBlock = new Set();
    }
    lastIndex = index;
    for (const m of text.matchAll(CITATION))
      for (const key of keysOf(m[1] ?? "")) {
        const c = counts.get(key) ?? { uses: 0, blocks: 0 };
        c.uses++;
        if (!seenInBlock.has(key)) {
          seenInBlock.add(key);
          c.blocks++;
        }
        counts.set(key, c);
      }
  }
  return counts;
}

// ---------------------------------------------------------------- rendering

/** A cited source: its number (by first citation) and the id of its first citation, for the back-link. */
export type CitedSource = { key: string; number: number; firstId: string };

/** Numbering shared by the parts of one article (lead, sections, FAQ answers), run over them in page order. */
export type CitationState = { prefix: string; cited: Map<string, CitedSource>; uses: Map<string, number>; needed: number };
export const citationState = (prefix = ""): CitationState => ({ prefix, cited: new Map(), uses: new Map(), needed: 0 });

export const sourceAnchor = (key: string, prefix = "") => `${prefix}source-${key}`;

const el = (tagName: string, properties: Element["properties"], children: ElementContent[]): Element => ({ type: "element", tagName, properties, children });
const txt = (value: string): Text => ({ type: "text", value });

function citationNode(keys: string[], state: CitationState): Element {
  const links = keys.map((key, i) => {
    let cited = state.cited.get(key);
    const use = (state.uses.get(key) ?? 0) + 1;
    state.uses.set(key, use);
    const id = `${state.prefix}cite-${key}${use > 1 ? `-${use}` : ""}`;
    if (!cited) state.cited.set(key, (cited = { key, number: state.cited.size + 1, firstId: id }));
    return [
      ...(i > 0 ? [txt(",")] : []),
      el("a", { href: `#${sourceAnchor(key, state.prefix)}`, id }, [
        el("span", { className: ["visually-hidden"] }, [txt("source ")]),
        txt(String(cited.number)),
      ]),
    ];
  });
  return el("sup", { className: ["citation"] }, [txt("["), ...links.flat(), txt("]")]);
}

function neededNode(state: CitationState): Element {
  state.needed++;
  return el("sup", { className: ["citation-needed"] }, [
    txt("["),
    el("span", { ariaHidden: "true" }, [txt("citation needed")]),
    el("span", { className: ["visually-hidden"] }, [txt("citation needed: no source supports this claim yet")]),
    txt("]"),
  ]);
}

/** Replaces the citation marks in the tree's text (not in code or links) with our own superscripts. */
export function applyCitations(tree: HastRoot, state: CitationState): HastRoot {
  visit(tree, (node, index, parent) => {
    if (node.type === "element" && ["code", "pre", "a"].includes(node.tagName)) return SKIP;
    if (node.type !== "text" || !parent || index === undefined || !node.value.includes("[")) return;
    const parts: ElementContent[] = [];
    let last = 0;
    for (const m of node.value.matchAll(MARK)) {
      const at = m.index ?? 0;
      if (at > last) parts.push(txt(node.value.slice(last, at)));
      parts.push(m[1] ? citationNode(keysOf(m[1]), state) : neededNode(state));
      last = at + m[0].length;
    }
    if (parts.length === 0) return;
    if (last < node.value.length) parts.push(txt(node.value.slice(last)));
    (parent.children as ElementContent[]).splice(index, 1, ...parts);
    return index + parts.length;
  });
  return tree;
}
