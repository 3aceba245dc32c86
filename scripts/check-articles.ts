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
for (const file of files) {
  const result = parseArticleSource(readFileSync(file, "utf8"));
  const problems = result.ok
    ? await checkEditorialRules(result.value, { knownSlugs: known, fileSlug: path.basename(file, ".md") })
    : formatSourceErrors(result.errors);
  if (problems.length > 0) {
    failed++;
    console.log(`✗ ${file}`);
    for (const p of problems) console.log(`    ${p}`);
  } else console.log(`✓ ${file}`);
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
