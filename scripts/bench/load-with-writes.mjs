// Load with writes: 50 concurrent readers (articles being edited, home, a letter, a search) while a moderator
// approves 20 proposals in the real moderation page. Passes when no reader got a 5xx or a failed request and
// every approved edit is visible afterwards, directly and through the edge cache. Fresh PostgreSQL database.
//
//   node scripts/bench/load-with-writes.mjs [--readers 50] [--proposals 20] [--via direct|edge] [--port 3630] [--edge-port 8630] [--no-build]
import {
  ADMIN_EMAIL,
  approveInBrowser,
  createContributor,
  ensureBuild,
  insertEditProposal,
  launchBrowser,
  loadTest,
  main,
  markerFor,
  pageWithSession,
  parseArgs,
  percentile,
  round,
  signInOverHttp,
  sleep,
  startApp,
  startEdge,
  writeResults,
} from "./lib.mjs";

const args = parseArgs();
if (args.help) {
  console.log(
    "Usage: node scripts/bench/load-with-writes.mjs [--readers 50] [--proposals 20] [--via direct|edge] [--port 3630] [--edge-port 8630] [--no-build]",
  );
  process.exit(0);
}
const readers = Math.min(200, Number(args.readers ?? 50));
const count = Math.min(30, Number(args.proposals ?? 20));
const via = args.via === "edge" ? "edge" : "direct"; // the readers' way in; direct is the harder case for the app
const port = Number(args.port ?? 3630);
const edgePort = Number(args["edge-port"] ?? 8630);

await main(
  async () => {
    ensureBuild({ build: !args["no-build"] });
    const app = await startApp({ port, database: "postgres", label: "writes", env: { EDGE_REFRESH_URL: `http://127.0.0.1:${edgePort}` } });
    const edge = await startEdge({ port: edgePort, upstreamPort: port });
    console.log(`App on ${app.origin} (database ${app.dbName}), edge cache on ${edge.origin}.`);
    const moderator = await signInOverHttp(app.origin, ADMIN_EMAIL);
    const author = await createContributor(app.sql, "writer");
    const slugs = (await app.sql`select slug from articles order by slug`).map((r) => r.slug).slice(0, count);
    if (slugs.length < count) throw new Error(`Only ${slugs.length} articles to edit.`);
    const proposals = [];
    for (const [i, slug] of slugs.entries()) {
      const marker = markerFor(`load-${i}`);
      proposals.push({ slug, marker, id: await insertEditProposal(app.sql, { slug, authorId: author, marker, summary: `Edit under load ${i + 1}` }) });
    }
    const browser = await launchBrowser();
    const page = await pageWithSession(browser, app.origin, moderator);
    await page.goto("/moderation"); // compile-free warm-up of the moderator's own pages

    // Every path readers will ask for, rendered once so that the load starts on a warm cache as in production.
    const paths = [...slugs.map((s) => `/wiki/${s}`), "/", "/browse/a", "/browse/s", "/search?q=attachment", "/search?q=push+pull"];
    const origin = via === "edge" ? edge.origin : app.origin;
    for (const p of paths) await (await fetch(origin + p)).text();

    console.log(
      `${readers} readers on ${paths.length} paths (${via === "edge" ? "through the edge cache" : "Next.js directly"}) while ${count} proposals are approved…`,
    );
    const stop = new AbortController();
    const load = loadTest({
      url: origin,
      connections: readers,
      duration: 300,
      paths,
      headers: { "accept-encoding": "gzip, deflate, br" },
      signal: stop.signal,
    });
    await sleep(2000); // readers at full speed before the first approval
    const approvals = [];
    try {
      for (const p of proposals) {
        const a = await approveInBrowser(page, p.id);
        approvals.push({ ...p, ms: round(a.ms) });
        process.stdout.write(`  approved ${approvals.length}/${count} (${round(a.ms, 0)} ms)\r`);
      }
    } finally {
      await sleep(2000);
      stop.abort();
    }
    const result = await load;
    console.log("");

    // Afterwards: every edit is on its page, directly and (after the edge's 1–2 s) through the edge cache.
    await sleep(2500);
    const visibility = [];
    for (const p of proposals) {
      const direct = (await (await fetch(`${app.origin}/wiki/${p.slug}`)).text()).includes(p.marker);
      const throughEdge = (await (await fetch(`${edge.origin}/wiki/${p.slug}`)).text()).includes(p.marker);
      visibility.push({ slug: p.slug, direct, edge: throughEdge });
    }
    const [db] =
      await app.sql`select count(*) filter (where status = 'approved')::int as approved, count(*) filter (where status = 'pending')::int as pending from proposals where id = any(${proposals.map((p) => p.id)})`;
    const [revs] = await app.sql`select count(*)::int as n from revisions where kind = 'edit'`;

    const fivexx = Object.entries(result.statusCodes).reduce((n, [code, c]) => (code.startsWith("5") ? n + c : n), 0);
    const invisible = visibility.filter((v) => !v.direct || !v.edge);
    const ok = fivexx === 0 && result.errors === 0 && result.timeouts === 0 && invisible.length === 0 && approvals.length === count && db.approved === count;
    const summary = {
      readerRequests: result.requests,
      readerRps: result.rps,
      readerLatencyMs: result.latency,
      statusCodes: result.statusCodes,
      fivexx,
      errors: result.errors,
      timeouts: result.timeouts,
      approvals: approvals.length,
      approveMsMedian: percentile(
        approvals.map((a) => a.ms),
        50,
      ),
      approveMsMax: Math.max(...approvals.map((a) => a.ms)),
      approvedInDatabase: db.approved,
      editRevisions: revs.n,
      visibleDirect: visibility.filter((v) => v.direct).length,
      visibleThroughEdge: visibility.filter((v) => v.edge).length,
    };
    console.log(
      `Readers: ${result.requests} requests in ${result.duration} s = ${result.rps} req/s; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    );
    console.log(`Answers: ${JSON.stringify(result.statusCodes)}; 5xx: ${fivexx}; failed requests: ${result.errors}; timeouts: ${result.timeouts}`);
    console.log(
      `Approvals under load: ${approvals.length}/${count}, median ${summary.approveMsMedian} ms, max ${summary.approveMsMax} ms (click → back on the queue)`,
    );
    console.log(
      `Afterwards: ${db.approved}/${count} approved in the database, ${summary.visibleDirect}/${count} edits visible directly, ${summary.visibleThroughEdge}/${count} through the edge cache`,
    );
    if (result.failures.length) console.log(`First failures: ${JSON.stringify(result.failures.slice(0, 5))}`);
    console.log(`\n${ok ? "PASS" : "FAIL"}: no 5xx and every approved edit visible afterwards.`);
    writeResults("load-with-writes", {
      options: { readers, proposals: count, via, paths },
      summary,
      approvals,
      visibility,
      failures: result.failures,
      pass: ok,
    });
    return ok ? 0 : 1;
  },
  { timeLimitMinutes: 15 },
);
