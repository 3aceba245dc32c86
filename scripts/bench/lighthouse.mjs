// npm run lighthouse — Lighthouse (the npm package, default mobile profile with simulated throttling) in Debian's
// chromium against the production build on a fresh database, through the edge cache as in production:
// home, an article and a search. Prints the four category scores and the lab Core Web Vitals; writes JSON
// (and, with --html, each full report) to bench-results/.
//
//   node scripts/bench/lighthouse.mjs [--runs 1] [--direct] [--desktop] [--html] [--port 3610] [--edge-port 8610] [--no-build]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CHROMIUM, ensureBuild, main, onCleanup, parseArgs, percentile, RESULTS_DIR, round, startApp, startEdge, table, writeResults } from "./lib.mjs";

const args = parseArgs();
if (args.help) {
  console.log("Usage: node scripts/bench/lighthouse.mjs [--runs n] [--direct] [--desktop] [--html] [--port 3610] [--edge-port 8610] [--no-build]");
  process.exit(0);
}
const runs = Math.max(1, Math.min(5, Number(args.runs ?? 1)));
const port = Number(args.port ?? 3610);
const edgePort = Number(args["edge-port"] ?? 8610);
const direct = Boolean(args.direct); // Next.js alone instead of through the edge cache
const PAGES = [
  { name: "home", path: "/" },
  { name: "article", path: "/wiki/anxious-avoidant-relationship" },
  { name: "search", path: "/search?q=push+pull" },
];
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const VITALS = [
  ["first-contentful-paint", "FCP", "ms"],
  ["largest-contentful-paint", "LCP", "ms"],
  ["total-blocking-time", "TBT", "ms"],
  ["cumulative-layout-shift", "CLS", ""],
  ["speed-index", "SI", "ms"],
];

/** The first few details of an audit (console errors, failing elements), to say why it lost points. */
function detailItems(audit) {
  const items = audit.details?.items ?? [];
  return items
    .slice(0, 5)
    .map((i) => [i.description ?? i.reason ?? i.node?.snippet, i.url ?? i.source?.url].filter(Boolean).join(" ") || JSON.stringify(i).slice(0, 200));
}

await main(
  async () => {
    if (!CHROMIUM) throw new Error("No chromium found: install Debian's chromium (apt-get install chromium) or set CHROME_PATH.");
    process.env.CHROME_PATH = CHROMIUM;
    ensureBuild({ build: !args["no-build"] });
    const edgeOrigin = `http://localhost:${edgePort}`;
    // Canonical URLs and links are built from SITE_URL: make it the address Lighthouse visits.
    const siteUrl = direct ? `http://localhost:${port}` : edgeOrigin;
    const app = await startApp({ port, database: "pglite", label: "lighthouse", env: { SITE_URL: siteUrl } });
    const origin = direct ? app.origin : (await startEdge({ port: edgePort, upstreamPort: port })).origin;
    for (const p of PAGES) await (await fetch(origin + p.path)).text(); // rendered once, as a reader after the first would get it

    const { default: lighthouse } = await import("lighthouse");
    const chromeLauncher = await import("chrome-launcher");
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    onCleanup(() => chrome.kill());

    mkdirSync(RESULTS_DIR, { recursive: true });
    const results = [];
    for (const page of PAGES) {
      const samples = [];
      for (let i = 0; i < runs; i++) {
        const config = args.desktop ? (await import("lighthouse/core/config/desktop-config.js")).default : undefined;
        const result = await lighthouse(
          origin + page.path,
          { port: chrome.port, output: args.html ? "html" : "json", logLevel: "error", onlyCategories: CATEGORIES },
          config,
        );
        const lhr = result.lhr;
        if (lhr.runtimeError) throw new Error(`${page.path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
        const vitals = Object.fromEntries(VITALS.map(([id, key]) => [key, lhr.audits[id]?.numericValue ?? null]));
        const failing = Object.values(lhr.audits)
          .filter(
            (a) =>
              a.score !== null &&
              a.score < 1 &&
              a.scoreDisplayMode !== "informative" &&
              a.scoreDisplayMode !== "manual" &&
              a.scoreDisplayMode !== "notApplicable",
          )
          .map((a) => ({ id: a.id, title: a.title, score: a.score, displayValue: a.displayValue, items: detailItems(a) }));
        samples.push({ scores, vitals, failing });
        if (args.html) writeFileSync(path.join(RESULTS_DIR, `lighthouse-${page.name}-${i + 1}.html`), result.report);
        console.log(`  ${page.name} run ${i + 1}: ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(", ")}`);
      }
      // With several runs, the median of each number (Lighthouse's own advice for noisy machines).
      const median = (get) => percentile(samples.map(get), 50);
      results.push({
        page: page.name,
        url: page.path,
        runs: samples.length,
        scores: Object.fromEntries(CATEGORIES.map((c) => [c, median((s) => s.scores[c])])),
        vitals: Object.fromEntries(
          VITALS.map(([, key]) => [
            key,
            round(
              median((s) => s.vitals[key]),
              key === "CLS" ? 3 : 0,
            ),
          ]),
        ),
        failingAudits: samples.at(-1).failing,
        samples,
      });
    }

    console.log(
      `\nLighthouse ${runs > 1 ? `(median of ${runs} runs) ` : ""}${args.desktop ? "desktop" : "mobile (simulated slow 4G, 4× CPU slowdown)"}, ${direct ? "Next.js alone" : "through the edge cache"}:\n`,
    );
    console.log(
      table(results, [
        { label: "page", value: (r) => r.page, align: "left" },
        ...CATEGORIES.map((c) => ({ label: c, value: (r) => r.scores[c] })),
        ...VITALS.map(([, key, unit]) => ({ label: `${key}${unit ? ` ${unit}` : ""}`, value: (r) => r.vitals[key] })),
      ]),
    );
    for (const r of results) {
      if (r.failingAudits.length)
        console.log(`\n${r.page}: audits below full marks: ${r.failingAudits.map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ""}`).join(", ")}`);
      for (const a of r.failingAudits.filter((x) => ["errors-in-console", "is-crawlable", "bf-cache"].includes(x.id))) {
        if (a.items.length) console.log(`  ${a.id}: ${a.items.join(" | ").slice(0, 400)}`);
      }
    }
    const target = results.filter((r) => r.page !== "search").every((r) => CATEGORIES.every((c) => r.scores[c] >= 95));
    console.log(`\nTarget (95+ in all four on home and article): ${target ? "met" : "not met"}.`);
    writeResults("lighthouse", {
      options: { runs, direct, desktop: Boolean(args.desktop), lighthouse: JSON.parse(readFileSync("node_modules/lighthouse/package.json", "utf8")).version },
      results,
    });
  },
  { timeLimitMinutes: 20 },
);
