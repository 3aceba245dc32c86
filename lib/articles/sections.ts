// An article body cut into its sections (the lead, then one per `##` heading) and each section into blocks (a
// paragraph, a list, a quote, a table, a code fence, a `###` heading): the units a moderator's diff aligns. One
// linear pass over the lines, without the Markdown parser, so it is cheap on any text (hostile ones included).
import { trimEnd } from "../text";

export type Block = {
  text: string;
  /** First and last line of the block in the body, counted from 1. */
  startLine: number;
  endLine: number;
};

export type Section = {
  /** The heading's text, without the `##`; null for the lead. */
  title: string | null;
  /** The heading line as written (a block of its own when the section is rebuilt). */
  heading: Block | null;
  blocks: Block[];
};

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A line that closes a fence opened by `opening` (CommonMark: the same character, at least as many, nothing after). */
const closes = (line: string, opening: string) => {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return Boolean(m?.[1] && m[1][0] === opening[0] && m[1].length >= opening.length);
};
const H2_START = /^ {0,3}##[ \t]+/;
const HEADING = /^ {0,3}#{1,6}[ \t]/;

/**
 * The title of a `## ` heading line, or null. By hand rather than one regex: a lazy title followed by an optional
 * closing run backtracks over long runs of spaces. CommonMark: a closing run of # counts only after a space or tab.
 */
function h2Title(line: string): string | null {
  const start = H2_START.exec(line);
  if (!start) return null;
  let title = trimEnd(line.slice(start[0].length), " \t");
  const closed = trimEnd(title, "#");
  if (closed !== title && (closed === "" || /[ \t]$/.test(closed))) title = trimEnd(closed, " \t");
  return title;
}

/** The body's blocks: runs of non-blank lines, a heading line always on its own, a code fence kept whole. */
export function splitBlocks(body: string): Block[] {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let current: { lines: string[]; start: number } | null = null;
  let fence: string | null = null;
  const flush = (end: number) => {
    if (current) blocks.push({ text: current.lines.join("\n"), startLine: current.start, endLine: end });
    current = null;
  };
  lines.forEach((line, i) => {
    const n = i + 1;
    if (fence) {
      current?.lines.push(line);
      if (closes(line, fence)) {
        fence = null;
        flush(n);
      }
      return;
    }
    const opens = FENCE.exec(line);
    if (opens) {
      flush(n - 1);
      current = { lines: [line], start: n };
      fence = opens[1] ?? "```";
      return;
    }
    if (line.trim() === "") return flush(n - 1);
    if (HEADING.test(line)) {
      flush(n - 1);
      blocks.push({ text: line, startLine: n, endLine: n });
      return;
    }
    if (current) current.lines.push(line);
    else current = { lines: [line], start: n };
  });
  flush(lines.length);
  return blocks;
}

/** The lead (title null) and one section per `##` heading, each with its blocks (`###` headings stay inside). */
export function splitSections(body: string): Section[] {
  const sections: Section[] = [{ title: null, heading: null, blocks: [] }];
  for (const block of splitBlocks(body)) {
    const title = block.startLine === block.endLine ? h2Title(block.text) : null;
    if (title !== null) sections.push({ title, heading: block, blocks: [] });
    else sections[sections.length - 1]?.blocks.push(block);
  }
  return sections;
}

/** The body written back from its sections: every block once, in order, one blank line between blocks. */
export function joinSections(sections: { heading: { text: string } | null; blocks: { text: string }[] }[]): string {
  return sections.flatMap((s) => [...(s.heading ? [s.heading.text] : []), ...s.blocks.map((b) => b.text)]).join("\n\n");
}
