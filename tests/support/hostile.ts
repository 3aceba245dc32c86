// Hostile Markdown shapes from the security review, each just under MAX_SOURCE_KB (100 KB) as a whole article source.
// Shared by the unit, database and browser tests so that all three paths see the same inputs.

export const FRONT_MATTER = "---\ntitle: Hostile shape\nsummary: A text built to be slow to parse.\ncategory: [Testing]\n---\n";
const BUDGET_BYTES = 99 * 1024 - FRONT_MATTER.length - 200;

/** Repeats `unit` to fill the body, after a lead paragraph. */
const fill = (unit: string, prefix = "") => `Lead paragraph.\n\n${prefix}${unit.repeat(Math.floor((BUDGET_BYTES - prefix.length) / unit.length))}`;

export const hostileBodies: Record<string, string> = {
  "nested lists": fill("- "),
  "nested quotes": fill(">"),
  "nested emphasis": fill("**_"),
  "unbalanced open brackets": fill("["),
  "unbalanced close brackets": fill("]"),
  "unclosed links": fill("[a]("),
  "very wide table": fill("|a", "") + "|\n",
  // Shapes that stay inside the per-line and per-paragraph limits: only the render budget stops them.
  "many 20-deep lists": fill(`${"- ".repeat(20)}x\n\n`),
  "many emphasis-heavy paragraphs": fill(`${"**_".repeat(60)}\n\n`),
  "long wide table": `Lead paragraph.\n\n|${"a|".repeat(40)}\n|${"-|".repeat(40)}\n${`|${"x|".repeat(40)}\n`.repeat(999)}`.slice(0, BUDGET_BYTES),
  "setext headings": fill("a\n=\n").slice(0, 4_000 * 4),
};

export const hostileSource = (name: string) => `${FRONT_MATTER}${hostileBodies[name]}`;
