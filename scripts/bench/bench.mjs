// npm run bench — requests per second and latency percentiles of what readers fetch most, three ways in one run:
// the Next.js server alone, through the edge cache (deploy/nginx.conf), and the same article HTML served from
// disk by nginx (the physical limit of this machine). Prints a table and the ratios to that limit; writes JSON
// to bench-results/. Not a test: it asserts nothing but that every answer was a 200.
//
//   node scripts/bench/bench.mjs [--duration 5] [--connections 1,10,50] [--pages article,home,search,search-broad,letter]
//                                [--db pglite|postgres] [--port 3600] [--edge-port 8600] [--static-port 8601]
//                                [--identity] [--tool node|autocannon] [--no-build]
import { ensureBuild, loadTest, main, parseArgs, round, startApp, startEdge, startStaticNginx, table, writeResults } from "./lib.mjs";

const PAGES = {
  article: { path: "/wiki/anxious-avoidant-relationship", expect: "Anxious-Avoidant Relationship" },
  home: { path: "/", expect: "Featured article" },
  search: { path: "/search?q=push+pull", expect: "Anxious-Avoidant Relationship" }, // 2 results
  "search-broad": { path: "/search?q=attachment", expect: "Attachment Styles" }, // 20 results, each with a snippet
  letter: { path: "/browse/a", expect: "Articles under A" },
};

const args = parseArgs();
if (args.help) {
  console.log(
    "Usage: node scripts/bench/bench.mjs [--duration s] [--connections 1,10,50] [--pages article,home,search,search-broad,letter] [--db pglite|postgres] [--port 3600] [--edge-port 8600] [--static-port 8601] [--identity] [--tool node|autocannon] [--no-build]",
  );
  process.exit(0);
}
const duration = Number(args.duration ?? 5);
const connectionLevels = String(args.connections ?? "1,10,50")
  .split(",")
  .map(Number);
const pageNames = String(args.pages ?? "article,home,search,search-broad,letter").split(",");
const db = args.db === "postgres" ? "postgres" : "pglite";
const port = Number(args.port ?? 3600);
const edgePort = Number(args["edge-port"] ?? 8600);
const staticPort = Number(args["static-port"] ?? 8601);
// Browsers ask for compressed pages; --identity measures uncompressed answers instead.
const headers = args.identity ? {} : { "accept-encoding": "gzip, deflate, br" };
const tool = args.tool === "autocannon" ? "autocannon" : "node";

const columns = [
  { label: "page", value: (r) => r.page, align: "left" },
  { label: "served by", value: (r) => r.target, align: "left" },
  { label: "conns", value: (r) => r.connections },
  { label: "req/s", value: (r) => r.rps },
  { label: "p50 ms", value: (r) => r.latency.p50 },
  { label: "p90 ms", value: (r) => r.latency.p90 },
  { label: "p99 ms", value: (r) => r.latency.p99 },
  { label: "max ms", value: (r) => r.latency.max },
  { label: "non-2xx", value: (r) => r.non2xx + r.errors + r.timeouts },
  { label: "ratio", value: (r) => r.ratioToLimit },
];

await main(
  async () => {
    for (const name of pageNames) if (!PAGES[name]) throw new Error(`Unknown page ${name}: use ${Object.keys(PAGES).join(", ")}`);
    ensureBuild({ build: !args["no-build"] });
    console.log(`Starting the production server on a fresh ${db === "postgres" ? "PostgreSQL database" : "embedded database"}…`);
    const app = await startApp({ port, database: db, label: "bench" });
    const edge = await startEdge({ port: edgePort, upstreamPort: port });

    // First requests: each page is rendered once (cold), then served from Next's cache.
    const cold = {};
    for (const name of pageNames) {
      const page = PAGES[name];
      const t = performance.now();
      const r = await fetch(app.origin + page.path);
      const body = await r.text();
      cold[name] = round(performance.now() - t);
      if (r.status !== 200 || !body.includes(page.expect)) throw new Error(`${page.path}: HTTP ${r.status}, or "${page.expect}" missing`);
      const viaEdge = await fetch(edge.origin + page.path);
      const edgeBody = await viaEdge.text();
      if (viaEdge.status !== 200 || !edgeBody.includes(page.expect)) throw new Error(`${page.path} through the edge: HTTP ${viaEdge.status}`);
    }

    // The physical limit: the article's exact bytes (plain and gzipped, as Next sends them) as files.
    const article = PAGES.article.path;
    const plain = Buffer.from(await (await fetch(app.origin + article, { headers: { "accept-encoding": "identity" } })).arrayBuffer());
    const zipped = await fetchRaw(app.origin + article);
    const stat = await startStaticNginx({ port: staticPort, files: { [`${article}.html`]: plain, [`${article}.html.gz`]: zipped } });
    const check = await fetch(stat.origin + article);
    if (check.status !== 200 || !(await check.text()).includes(PAGES.article.expect)) throw new Error("nginx did not serve the saved article");

    const targets = [
      { name: "next", label: "Next.js alone", origin: app.origin },
      { name: "edge", label: "edge cache", origin: edge.origin },
    ];
    const runs = [];
    console.log(
      `\n${duration} s per run after a 1 s warm-up, ${headers["accept-encoding"] ? "gzip" : "uncompressed"} answers, load from ${tool === "node" ? "Node's HTTP client" : "autocannon"}; the article is ${plain.length} bytes (${zipped.length} gzipped).\n`,
    );
    for (const connections of connectionLevels) {
      const limit = await loadTest({ url: stat.origin + article, connections, duration, headers, warmup: 1, tool });
      runs.push({ page: "article", target: "nginx-file", connections, ...limit });
      report(runs.at(-1));
      for (const name of pageNames) {
        for (const target of targets) {
          const r = await loadTest({ url: target.origin + PAGES[name].path, connections, duration, headers, warmup: 1, tool });
          runs.push({ page: name, target: target.name, connections, ...r });
          report(runs.at(-1));
        }
      }
    }

    const limitFor = (c) => runs.find((r) => r.target === "nginx-file" && r.connections === c)?.rps;
    for (const r of runs) r.ratioToLimit = limitFor(r.connections) ? round(r.rps / limitFor(r.connections), 3) : null;
    console.log(`\n${table(runs, columns)}\n`);
    console.log("ratio = requests/s ÷ nginx serving the saved article from disk at the same number of connections.");
    const failures = runs.filter((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0);
    if (failures.length) console.log(`\n⚠ ${failures.length} runs had non-200 answers, errors or timeouts (see the table).`);

    const summary = summarise(runs);
    console.log(`\nTargets:\n${summary.map((s) => `  ${s.ok ? "✓" : "✗"} ${s.target}: ${s.measured}`).join("\n")}`);
    writeResults("bench", {
      options: { duration, connectionLevels, pages: pageNames, db, compressed: !args.identity, tool },
      articleBytes: { plain: plain.length, gzip: zipped.length },
      coldRenderMs: cold,
      runs,
      summary,
    });
    return failures.length ? 1 : 0;
  },
  { timeLimitMinutes: 40 },
);

function report(r) {
  const cache = r.cacheStatuses
    ? `  edge: ${Object.entries(r.cacheStatuses)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`
    : "";
  console.log(
    `  ${r.page.padEnd(8)} ${r.target.padEnd(10)} c=${String(r.connections).padStart(2)}  ${String(r.rps).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms${cache}${r.non2xx + r.errors + r.timeouts ? `  ⚠ ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts` : ""}`,
  );
}

/** The issue's targets, checked against this run. */
function summarise(runs) {
  const find = (page, target, c) => runs.find((r) => r.page === page && r.target === target && r.connections === c);
  const out = [];
  for (const c of connectionLevels) {
    const edge = find("article", "edge", c);
    const limit = find("article", "nginx-file", c);
    if (edge && limit)
      out.push({
        target: `article through the edge ≥ 50% of nginx's file rate (c=${c})`,
        measured: `${edge.rps} vs ${limit.rps} req/s = ${Math.round((edge.rps / limit.rps) * 100)}%`,
        ok: edge.rps >= 0.5 * limit.rps,
      });
  }
  const next10 = find("article", "next", 10);
  if (next10)
    out.push({
      target: "Next.js alone, cached article, c=10: ≥ 1,000 req/s, p99 < 50 ms",
      measured: `${next10.rps} req/s, p99 ${next10.latency.p99} ms`,
      ok: next10.rps >= 1000 && next10.latency.p99 < 50,
    });
  for (const page of ["search", "search-broad"]) {
    for (const c of connectionLevels) {
      const s = find(page, "next", c);
      if (s)
        out.push({
          target: `${page} (${PAGES[page].path}) p99 < 100 ms (Next.js alone, c=${c})`,
          measured: `p99 ${s.latency.p99} ms at ${s.rps} req/s`,
          ok: s.latency.p99 < 100,
        });
    }
  }
  return out;
}

/** The body exactly as sent with gzip (fetch would decompress it). */
async function fetchRaw(url) {
  const http = await import("node:http");
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "accept-encoding": "gzip" } }, (res) => {
        if (res.headers["content-encoding"] !== "gzip") reject(new Error(`${url} was not sent gzipped`));
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks)));
      })
      .on("error", reject);
  });
}
