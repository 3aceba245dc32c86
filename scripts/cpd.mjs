// The copy-paste check of `npm run lint`: jscpd (default sizes: 50 tokens, 5 lines) over the app, lib and scripts,
// tests left out (their fixtures repeat on purpose). Fails above MAX_CLONES repeated blocks, listing each.
import { createRequire } from "node:module";

// jscpd's ESM build imports "colors/safe" without an extension, which Node refuses: load its CommonJS build.
const { detectClones } = createRequire(import.meta.url)("jscpd");

const MAX_CLONES = 10;
const clones = await detectClones({
  path: ["app", "lib", "scripts", "proxy.ts", "instrumentation.ts", "cache-handler.mjs"],
  format: ["typescript", "tsx", "javascript"],
  ignore: ["**/node_modules/**", "**/.next/**"],
  silent: true,
  reporters: [],
  absolute: false,
});
const where = (d) => `${d.sourceId}:${d.start.line}-${d.end.line}`;
if (clones.length > MAX_CLONES) {
  console.error(`Copy-paste check: ${clones.length} repeated blocks (at most ${MAX_CLONES}):`);
  for (const c of clones) console.error(`  ${where(c.duplicationA)}  ≈  ${where(c.duplicationB)}`);
  process.exit(1);
}
console.log(`Copy-paste check: ${clones.length} repeated block(s), at most ${MAX_CLONES}.`);
