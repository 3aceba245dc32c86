// Limits on the shape of a Markdown body, checked in one linear pass before it is parsed, as wiki parsers do:
// the Markdown parser is fine on prose but slow (or out of stack) on pathological nesting and delimiter runs.
// Anything these checks miss is still bounded: drafts render in a worker with a time budget (render-pool.ts).

export const MARKDOWN_LIMITS = {
  /** Lists and quotes inside each other. */
  maxNesting: 20,
  /** Runs of *, _ or ~ in one paragraph: each may open or close emphasis, and the parser pairs them up. */
  maxEmphasisRuns: 200,
  /** [ and ] in one paragraph: each may start or end a link. */
  maxBrackets: 400,
  /** Cells in one table row. */
  maxTableColumns: 40,
  /** Lines of one table. */
  maxTableRows: 1_000,
  /** Headings and thematic breaks in the whole text. */
  maxBlocks: 5_000,
  /** Backtick runs in one paragraph: each may open or close inline code. */
  maxBacktickRuns: 200,
} as const;

export type MarkdownShapeError = { line: number; message: string };

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** How deeply a line opens lists and quotes: markers at its start, plus the indentation of a nested list item. */
function containerDepth(line: string, stopAbove: number): { quotes: number; lists: number } {
  let quotes = 0;
  let lists = 0;
  const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
  const indentColumns = [...indent].reduce((n, c) => n + (c === "\t" ? 4 : 1), 0);
  const marker = /[ \t]*(?:(>)[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))/y;
  // Sticky matching from one position to the next: linear, and it stops as soon as the limit is passed.
  for (let m = marker.exec(line); m && m[0].length > 0 && quotes + lists <= stopAbove; m = marker.exec(line)) {
    if (m[1]) quotes++;
    else lists++;
  }
  // An item indented under another ("- a" / "  - b") is nested by its indentation, two columns a level.
  if (lists > 0 && quotes === 0) lists += Math.floor(indentColumns / 2);
  return { quotes, lists };
}

function countRuns(text: string, pattern: RegExp): number {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text)) n++;
  return n;
}

/**
 * The first way a body breaks the limits, with its line (counted from `firstLine`, the body's line in the whole
 * source), or null. Linear in the length of the text.
 */
export function checkMarkdownShape(body: string, firstLine = 1): MarkdownShapeError | null {
  const L = MARKDOWN_LIMITS;
  const lines = body.split("\n");
  let fence: string | null = null;
  let blocks = 0;
  let paragraph = { start: 0, emphasis: 0, brackets: 0, backticks: 0 };
  let table = { start: -1, rows: 0 };
  const resetParagraph = (i: number) => (paragraph = { start: i, emphasis: 0, brackets: 0, backticks: 0 });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const at = firstLine + i;
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = null;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      continue;
    }
    if (line.trim() === "") {
      resetParagraph(i + 1);
      table = { start: -1, rows: 0 };
      continue;
    }
    const { quotes, lists } = containerDepth(line, L.maxNesting);
    if (lists > L.maxNesting) return { line: at, message: `Lists are nested too deeply (more than ${L.maxNesting} levels) at line ${at}.` };
    if (quotes > L.maxNesting) return { line: at, message: `Quotes are nested too deeply (more than ${L.maxNesting} levels) at line ${at}.` };
    if (quotes + lists > L.maxNesting) return { line: at, message: `Lists and quotes are nested too deeply (more than ${L.maxNesting} levels) at line ${at}.` };
    if (/^ {0,3}(#{1,6}(\s|$)|([-*_])[ \t]*(\3[ \t]*){2,}$|=+[ \t]*$)/.test(line) && ++blocks > L.maxBlocks) {
      return { line: at, message: `The text has more than ${L.maxBlocks.toLocaleString("en")} headings and dividers (line ${at}).` };
    }
    paragraph.emphasis += countRuns(line, /([*_~])\1*/g);
    if (paragraph.emphasis > L.maxEmphasisRuns) {
      return {
        line: firstLine + paragraph.start,
        message: `Too many emphasis marks (*, _ or ~) in one paragraph (more than ${L.maxEmphasisRuns}) at line ${firstLine + paragraph.start}.`,
      };
    }
    paragraph.brackets += countRuns(line, /[[\]]/g);
    if (paragraph.brackets > L.maxBrackets) {
      return {
        line: firstLine + paragraph.start,
        message: `Too many square brackets in one paragraph (more than ${L.maxBrackets}): check its links at line ${firstLine + paragraph.start}.`,
      };
    }
    paragraph.backticks += countRuns(line, /`+/g);
    if (paragraph.backticks > L.maxBacktickRuns) {
      return {
        line: firstLine + paragraph.start,
        message: `Too many backticks (\`) in one paragraph (more than ${L.maxBacktickRuns}) at line ${firstLine + paragraph.start}.`,
      };
    }
    if (line.includes("|")) {
      if (table.start === -1) table = { start: i, rows: 0 };
      table.rows++;
      const cells = countRuns(line, /\|/g) - 1;
      if (cells > L.maxTableColumns) return { line: at, message: `The table at line ${at} is too wide: at most ${L.maxTableColumns} columns.` };
      if (table.rows > L.maxTableRows)
        return {
          line: firstLine + table.start,
          message: `The table at line ${firstLine + table.start} is too long: at most ${L.maxTableRows.toLocaleString("en")} rows.`,
        };
    } else table = { start: -1, rows: 0 };
  }
  return null;
}

/** The front matter's flow collections ([…] and {…}) nested more deeply than any article needs: YAML's parser recurses on them. */
export function checkFrontMatterShape(yaml: string): MarkdownShapeError | null {
  let depth = 0;
  let quote: string | null = null;
  let line = 2; // the front matter starts on the line after the opening ---
  for (let i = 0; i < yaml.length; i++) {
    const c = yaml[i];
    if (c === "\n") {
      line++;
      quote = null; // an article's quoted values never span lines; a stray quote must not hide the rest
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") {
      if (++depth > MARKDOWN_LIMITS.maxNesting)
        return { line, message: `The front matter is nested too deeply (more than ${MARKDOWN_LIMITS.maxNesting} levels of [ or {) at line ${line}.` };
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
  }
  return null;
}
