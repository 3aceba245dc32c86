// Approval-to-reader time: a moderator signed in over HTTP approves proposals in the real moderation page
// (headless chromium), while readers poll the public article directly and through the edge cache; prints how
// long until each serves the new text. Two kinds of rounds:
//   warm — readers keep polling the page (a popular article: the edge refreshes it in the background);
//   idle — the page was cached, then nobody asked for it for a few seconds before the approval (the edge must
//          not hand the first reader afterwards an old copy).
// Runs on a fresh PostgreSQL database (proposals are inserted there; approving goes through the UI).
//
// The app is told where the edge is (EDGE_REFRESH_URL), so an approval asks it for the article again at once;
// --no-refresh leaves that out, to see the edge's 1–2 s lifetime alone.
//
//   node scripts/bench/approval-latency.mjs [--rounds 5] [--idle-rounds 3] [--port 3620] [--edge-port 8620] [--no-refresh] [--no-build]
import {
  ADMIN_EMAIL,
  approveInBrowser,
  createContributor,
  ensureBuild,
  insertEditProposal,
  launchBrowser,
  main,
  markerFor,
  now,
  pageWithSession,
  parseArgs,
  percentile,
  round,
  signInOverHttp,
  sleep,
  startApp,
  startEdge,
  table,
  writeResults,
} from "./lib.mjs";

const args = parseArgs();
if (args.help) {
  console.log("Usage: node scripts/bench/approval-latency.mjs [--rounds 5] [--idle-rounds 3] [--port 3620] [--edge-port 8620] [--no-refresh] [--no-build]");
  process.exit(0);
}
const rounds = Math.min(20, Number(args.rounds ?? 5));
const idleRounds = Math.min(20, Number(args["idle-rounds"] ?? 3));
const port = Number(args.port ?? 3620);
const edgePort = Number(args["edge-port"] ?? 8620);
const LIMIT_MS = 2000; // DESIGN §5: an approval is visible everywhere within 2 s
const WATCH_MS = 15_000; // how long a reader keeps looking before we call it a failure

/** A reader that fetches `url` every `intervalMs` until it sees `marker` (or WATCH_MS passes). */
function startReader(url, marker, intervalMs = 50) {
  const state = { firstSeenAt: null, fetches: 0, statuses: {}, stopped: false, first: null };
  state.done = (async () => {
    const until = now() + WATCH_MS + 60_000;
    while (!state.stopped && now() < until) {
      try {
        const r = await fetch(url, { headers: { "accept-encoding": "gzip" }, signal: AbortSignal.timeout(5000) });
        const body = await r.text();
        state.fetches++;
        state.first ??= { newText: body.includes(marker), cache: r.headers.get("x-cache") };
        state.statuses[r.status] = (state.statuses[r.status] ?? 0) + 1;
        if (body.includes(marker) && state.firstSeenAt === null) state.firstSeenAt = now();
      } catch {
        state.statuses.error = (state.statuses.error ?? 0) + 1;
      }
      if (state.firstSeenAt !== null && state.stopAfterSeen) break;
      await sleep(intervalMs);
    }
  })();
  return state;
}

await main(
  async () => {
    ensureBuild({ build: !args["no-build"] });
    const refresh = !args["no-refresh"];
    const app = await startApp({ port, database: "postgres", label: "approval", env: refresh ? { EDGE_REFRESH_URL: `http://127.0.0.1:${edgePort}` } : {} });
    const edge = await startEdge({ port: edgePort, upstreamPort: port });
    console.log(
      `App on ${app.origin} (database ${app.dbName}), edge cache on ${edge.origin}; ${refresh ? "approvals ask the edge to refresh" : "no edge refresh (--no-refresh)"}.`,
    );
    const moderator = await signInOverHttp(app.origin, ADMIN_EMAIL);
    const author = await createContributor(app.sql, "author");
    const browser = await launchBrowser();
    const page = await pageWithSession(browser, app.origin, moderator);
    const slugs = (await app.sql`select slug from articles order by slug`).map((r) => r.slug);
    if (slugs.length < rounds + idleRounds) throw new Error("Not enough articles for that many rounds.");

    const results = [];
    for (let i = 0; i < rounds + idleRounds; i++) {
      const kind = i < rounds ? "warm" : "idle";
      const slug = slugs[i];
      const marker = markerFor(`${kind}-${i}`);
      const id = await insertEditProposal(app.sql, { slug, authorId: author, marker, summary: `Latency round ${i + 1}` });
      const direct = `${app.origin}/wiki/${slug}`;
      const viaEdge = `${edge.origin}/wiki/${slug}`;
      let readers;
      if (kind === "warm") {
        readers = { direct: startReader(direct, marker), edge: startReader(viaEdge, marker) };
        const until = now() + 10_000;
        while (!(readers.direct.fetches > 0 && readers.edge.fetches > 0) && now() < until) await sleep(20);
        await sleep(1500); // the edge has been through at least one refresh
      } else {
        await (await fetch(direct)).text();
        await (await fetch(viaEdge)).text(); // cached at the edge…
        await sleep(3000); // …then nobody asks for it for 3 s
      }
      const approval = await approveInBrowser(page, id);
      if (kind === "idle") {
        // The first reader after the approval, then the watch until the text is there.
        readers = { direct: startReader(direct, marker), edge: startReader(viaEdge, marker) };
      }
      for (const r of Object.values(readers)) r.stopAfterSeen = true;
      await Promise.race([Promise.all([readers.direct.done, readers.edge.done]), sleep(WATCH_MS)]);
      for (const r of Object.values(readers)) r.stopped = true;
      await Promise.all([readers.direct.done, readers.edge.done]);
      // When the approval happened: the decision time the app stored (same machine, same clock), as performance.now().
      const [{ decided_at: decidedAt }] = await app.sql`select decided_at from proposals where id = ${id}`;
      const approvedAt = decidedAt.getTime() - performance.timeOrigin;
      const sinceApproval = (r) => (r.firstSeenAt === null ? null : round(Math.max(0, r.firstSeenAt - approvedAt)));
      const after = (r) => (r.firstSeenAt === null ? null : round(Math.max(0, r.firstSeenAt - approval.doneAt)));
      const fromClick = (r) => (r.firstSeenAt === null ? null : round(r.firstSeenAt - approval.clickedAt));
      const row = {
        round: i + 1,
        kind,
        slug,
        proposalId: id,
        approveMs: round(approval.ms),
        directSinceDecisionMs: sinceApproval(readers.direct),
        edgeSinceDecisionMs: sinceApproval(readers.edge),
        directAfterApprovalMs: after(readers.direct),
        edgeAfterApprovalMs: after(readers.edge),
        directFromClickMs: fromClick(readers.direct),
        edgeFromClickMs: fromClick(readers.edge),
        // idle rounds: did the very first reader after the approval get the new text?
        firstReaderGotNewText:
          kind === "idle"
            ? { direct: readers.direct.first?.newText ?? false, edge: readers.edge.first?.newText ?? false, edgeCache: readers.edge.first?.cache }
            : undefined,
        readerStatuses: { direct: readers.direct.statuses, edge: readers.edge.statuses },
      };
      results.push(row);
      console.log(
        `  ${kind} ${slug}: approved in ${row.approveMs} ms; new text directly ${row.directSinceDecisionMs ?? "—"} ms after the decision, through the edge ${row.edgeSinceDecisionMs ?? "—"} ms${row.firstReaderGotNewText ? `; first reader after it got the new text: directly ${row.firstReaderGotNewText.direct ? "yes" : "NO"}, through the edge ${row.firstReaderGotNewText.edge ? "yes" : "NO"} (${row.firstReaderGotNewText.edgeCache})` : ""}`,
      );
    }

    console.log(
      `\n${table(results, [
        { label: "round", value: (r) => r.round },
        { label: "kind", value: (r) => r.kind, align: "left" },
        { label: "article", value: (r) => r.slug, align: "left" },
        { label: "approve (click→queue) ms", value: (r) => r.approveMs },
        { label: "direct ms", value: (r) => r.directSinceDecisionMs ?? "never" },
        { label: "edge ms", value: (r) => r.edgeSinceDecisionMs ?? "never" },
        { label: "edge after moderator saw it ms", value: (r) => r.edgeAfterApprovalMs ?? "never" },
        { label: "edge from click ms", value: (r) => r.edgeFromClickMs ?? "never" },
      ])}\n`,
    );
    console.log("direct/edge ms: from the approval's decision in the app (proposals.decided_at) to the first reader response with the new text.");
    const worst = (key) => (results.some((r) => r[key] === null) ? null : Math.max(...results.map((r) => r[key])));
    const summary = {
      approveMsMedian: percentile(
        results.map((r) => r.approveMs),
        50,
      ),
      directWorstMs: worst("directSinceDecisionMs"),
      edgeWorstMs: worst("edgeSinceDecisionMs"),
      edgeWorstAfterModeratorSawItMs: worst("edgeAfterApprovalMs"),
      edgeWorstFromClickMs: worst("edgeFromClickMs"),
      edgeMedianMs: percentile(
        results.map((r) => r.edgeSinceDecisionMs),
        50,
      ),
    };
    const staleFirstReaders = results.filter((r) => r.firstReaderGotNewText && !(r.firstReaderGotNewText.direct && r.firstReaderGotNewText.edge)).length;
    summary.idleRoundsWhoseFirstReaderGotOldText = staleFirstReaders;
    const ok = summary.directWorstMs !== null && summary.edgeWorstMs !== null && summary.edgeWorstMs <= LIMIT_MS && staleFirstReaders === 0;
    console.log(
      `Target (visible within ${LIMIT_MS} ms of the approval, through the edge cache too): ${ok ? "met" : "NOT met"} — after the decision: worst direct ${summary.directWorstMs ?? "never"} ms, worst through the edge ${summary.edgeWorstMs ?? "never"} ms, median through the edge ${summary.edgeMedianMs} ms (worst ${summary.edgeWorstFromClickMs ?? "never"} ms from the moderator's click); idle rounds whose first reader got the old text: ${staleFirstReaders}.`,
    );
    writeResults("approval-latency", { options: { rounds, idleRounds, refresh }, results, summary, targetMet: ok });
    return ok ? 0 : 1;
  },
  { timeLimitMinutes: 15 },
);
