// Checks article source files: `npx tsx scripts/check-articles.ts <file.md>...` (default: every seed article).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { formatSourceErrors, parseArticleSource } from "../lib/articles/source";
import { checkEditorialRules } from "../lib/articles/editorial";

const dir = "lib/seed/articles";
const files =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : readdirSync(dir)
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.join(dir, f));
const known = new Set(
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".md"))
        .map((f) => f.slice(0, -3))
    : [],
);
let failed = 0;
let warned = 0;
for (const file of files) {
  const result = parseArticleSource(readFileSync(file, "utf8"));
  const report = result.ok
    ? await checkEditorialRules(result.value, { knownSlugs: known, fileSlug: path.basename(file, ".md") })
    : { errors: formatSourceErrors(result.errors), warnings: [] };
  // Errors fail the check; warnings are printed and do not.
  if (report.errors.length > 0) failed++;
  if (report.warnings.length > 0) warned++;
  console.log(`${report.errors.length > 0 ? "✗" : report.warnings.length > 0 ? "!" : "✓"} ${file}`);
  for (const p of report.errors) console.log(`    error: ${p}`);
  for (const p of report.warnings) console.log(`    warning: ${p}`);
}
console.log(`${files.length - failed} passed (${warned} with warnings), ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
