// Several instances behind the edge (issue 11): on a fresh PostgreSQL database, Redis, nginx and three `next start`
// instances of one build that it starts itself, measures
//   1. approvals made on instance 1 while readers poll instances 2 and 3 and the edge: time until each sees the new
//      text (p50, p99, max) — on the seed articles, then again with a warm cache of --warm-pages more pages;
//   2. 50 readers through the edge while instance 2 is kill -9'd and restarted: failed reads, approvals lost;
//   3. a newsletter issue to --subscribers addresses through the fake Resend (2 requests/s, 100 emails a batch, 429
//      beyond), the instance working the send killed twice mid-way: emails per address, total time against the floor.
// Writes JSON to bench-results/. A script, not a test: the targets are printed beside the figures.
//   node scripts/bench/cluster.mjs [--subscribers 100000] [--approvals 20] [--warm-pages 10000] [--phases approvals,kill,newsletter] [--no-build]
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createClient } from "redis";
import {
  adminSession,
  approveInBrowser,
  clusterEnv,
  createContributor,
  createDatabase,
  ensureBuild,
  insertEditProposal,
  launchBrowser,
  main,
  markerFor,
  now,
  onCleanup,
  pageWithSession,
  parseArgs,
  percentile,
  round,
  sendingInstance,
  sleep,
  startEdge,
  startFakeResendProcess,
  startInstance,
  table,
  waitForHttp,
  writeResults,
} from "./lib.mjs";

const args = parseArgs();
const subscriberCount = Number(args.subscribers ?? 100_000);
const approvals = Number(args.approvals ?? 20);
const warmPages = Number(args["warm-pages"] ?? 10_000);
const phases = new Set(String(args.phases ?? "approvals,kill,newsletter").split(","));
const redisUrl = String(args.redis ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const PORTS = [3701, 3702, 3703];
const EDGE_PORT = 8701;
const RESEND_RPS = 2;

/** Fetches `url` every 25 ms until its body holds `marker`; resolves with the ms since `from`, or null after `limitMs`. */
async function waitForText(url, marker, from, limitMs = 15_000) {
  while (now() - from < limitMs) {
    try {
      const body = await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();
      if (body.includes(marker)) return now() - from;
    } catch {
      /* a failed read is retried */
    }
    await sleep(25);
  }
  return null;
}

const READER_COLUMNS = [
  { label: "reader", value: (r) => r.reader, align: "left" },
  ...["n", "missed", "p50", "p99", "max"].map((k) => ({ label: k === "n" ? "approvals" : k === "missed" ? "never seen" : `${k} ms`, value: (r) => r[k] })),
];
const readerTable = (rows) =>
  table(
    Object.entries(rows).map(([reader, s]) => ({ reader, ...s })),
    READER_COLUMNS,
  );

const summarise = (values) => {
  const seen = values.filter((v) => v !== null);
  return {
    n: values.length,
    missed: values.length - seen.length,
    p50: round(percentile(seen, 50)),
    p99: round(percentile(seen, 99)),
    max: round(Math.max(...seen)),
  };
};

/** Clones one seed article `count` times, straight into the tables (the corpus generator of the search issue will replace this). */
async function addSyntheticArticles(sql, count) {
  const [src] = await sql`select a.*, r.source from articles a join revisions r on r.id = a.current_revision_id where a.slug = 'ghosting'`;
  const batch = 1_000;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    await sql`
      with made as (
        insert into articles (slug, title, letter, categories, summary, aliases_text, body_text)
        select 'synthetic-' || g, 'Synthetic ' || g, 's', ${src.categories}, ${src.summary}, '', ${src.body_text}
        from generate_series(${start + 1}::int, ${start + n}::int) g
        returning id, slug, title
      )
      insert into revisions (article_id, kind, source, summary)
      select made.id, 'seed', replace(replace(${src.source}, 'title: Ghosting', 'title: ' || made.title), 'aliases:', 'slug: ' || made.slug || E'\naliases:'), 'Synthetic'
      from made`;
  }
  // A separate statement: an UPDATE in the same statement as the INSERTs cannot see the rows they made.
  await sql`update articles a set current_revision_id = r.id from revisions r where r.article_id = a.id and a.slug like 'synthetic-%' and a.current_revision_id is null`;
  return (await sql`select slug from articles where slug like 'synthetic-%'`).map((r) => r.slug);
}

async function approvalsRound({ label, sql, instances, edge, page, authorId, slugs }) {
  const rows = { "instance 2": [], "instance 3": [], edge: [] };
  for (let i = 0; i < approvals; i++) {
    const slug = slugs[i % slugs.length];
    const marker = markerFor(`${label}-${i}`);
    const id = await insertEditProposal(sql, { slug, authorId, marker, summary: `Cluster bench ${label} ${i}` });
    for (const origin of [instances[1].origin, instances[2].origin, edge.origin]) await (await fetch(`${origin}/wiki/${slug}`)).arrayBuffer();
    const { doneAt } = await approveInBrowser(page, id);
    const [two, three, viaEdge] = await Promise.all([instances[1], instances[2], edge].map((t) => waitForText(`${t.origin}/wiki/${slug}`, marker, doneAt)));
    rows["instance 2"].push(two);
    rows["instance 3"].push(three);
    rows.edge.push(viaEdge);
  }
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, summarise(v)]));
}

async function run() {
  ensureBuild({ build: !args["no-build"] });
  const redis = createClient({ url: redisUrl, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
  await redis.connect();
  await redis.flushAll(); // a fresh cache, as a fresh database
  await redis.close();
  const resend = await startFakeResendProcess(RESEND_RPS);
  const db = await createDatabase();
  const sql = postgres(db.url, { max: 4, onnotice: () => {} });
  onCleanup(() => sql.end({ timeout: 2 }));
  const edgeOrigin = `http://localhost:${EDGE_PORT}`;
  const env = clusterEnv({
    dbUrl: db.url,
    redisUrl,
    resendUrl: resend.baseUrl,
    extra: { RESEND_REQUESTS_PER_SECOND: String(RESEND_RPS), TRUSTED_PROXY: "true", EDGE_REFRESH_URL: `http://127.0.0.1:${EDGE_PORT}` },
  });
  const start = (i) => startInstance({ port: PORTS[i], env, label: `i${i + 1}` });
  const instances = PORTS.map((_, i) => start(i));
  await Promise.all(instances.map((i) => waitForHttp(`${i.origin}/api/health/ready`, { timeoutMs: 180_000, process: i.child })));
  await startEdge({ port: EDGE_PORT, upstreams: PORTS.map((p) => `127.0.0.1:${p}`), label: "cluster-edge" });
  await waitForHttp(`${edgeOrigin}/api/health`, { timeoutMs: 30_000 });
  const admin = await adminSession(sql, instances[0].origin);
  const browser = await launchBrowser();
  const page = await pageWithSession(browser, instances[0].origin, admin);
  const authorId = await createContributor(sql, "cluster");
  const seedSlugs = (await sql`select slug from articles order by slug`).map((r) => r.slug);
  const results = { machine: { cores: (await import("node:os")).cpus().length }, instances: PORTS.length };

  if (phases.has("approvals")) {
    results.approvalsSeed = await approvalsRound({ label: "seed", sql, instances, edge: { origin: edgeOrigin }, page, authorId, slugs: seedSlugs });
    console.log(`\n1a. ${approvals} approvals on instance 1, seed articles only (ms until each reader sees the text; target < 1,000):`);
    console.log(readerTable(results.approvalsSeed));
    if (warmPages > 0) {
      const t0 = now();
      const synthetic = await addSyntheticArticles(sql, warmPages);
      // Warm the shared cache: each page rendered once, on the instances in turn.
      let next = 0;
      let notOk = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < synthetic.length) {
            const slug = synthetic[next++];
            const r = await fetch(`${instances[next % 3].origin}/wiki/${slug}`);
            await r.arrayBuffer();
            if (r.status !== 200) notOk++;
          }
        }),
      );
      if (notOk > 0) throw new Error(`${notOk} of ${synthetic.length} synthetic pages did not answer 200: the warm cache would be a cache of errors.`);
      const r = createClient({ url: redisUrl });
      await r.connect();
      results.warmCacheKeys = (await r.keys("attune:*")).length;
      await r.close();
      results.warmSeconds = round((now() - t0) / 1000);
      results.approvalsWarm = await approvalsRound({ label: "warm", sql, instances, edge: { origin: edgeOrigin }, page, authorId, slugs: seedSlugs });
      console.log(`\n1b. the same with ${warmPages} more pages cached (${results.warmCacheKeys} Redis keys, warmed in ${results.warmSeconds} s):`);
      console.log(readerTable(results.approvalsWarm));
    }
  }

  if (phases.has("kill")) {
    let failed = 0;
    let reads = 0;
    const reasons = {};
    const fail = (reason) => {
      failed++;
      reasons[reason] = (reasons[reason] ?? 0) + 1;
    };
    let stop = false;
    const readers = Array.from({ length: 50 }, async (_, n) => {
      while (!stop) {
        const slug = seedSlugs[(n + reads) % seedSlugs.length];
        try {
          const r = await fetch(`${edgeOrigin}/wiki/${slug}`, { signal: AbortSignal.timeout(10_000) });
          await r.arrayBuffer();
          if (r.status !== 200) fail(`HTTP ${r.status}`);
        } catch (error) {
          fail(String(error?.cause?.code ?? error?.name ?? error));
        }
        reads++;
      }
    });
    const made = [];
    await sleep(3_000);
    instances[1].child.kill("SIGKILL");
    for (let i = 0; i < 5; i++) {
      const slug = seedSlugs[(i * 7) % seedSlugs.length];
      const marker = markerFor(`kill-${i}`);
      const id = await insertEditProposal(sql, { slug, authorId, marker, summary: `Cluster bench kill ${i}` });
      await approveInBrowser(page, id).catch(() => {});
      made.push({ id, slug, marker });
    }
    instances[1] = start(1);
    await waitForHttp(`${instances[1].origin}/api/health/ready`, { timeoutMs: 180_000, process: instances[1].child });
    await sleep(3_000);
    stop = true;
    await Promise.all(readers);
    let lost = 0;
    for (const m of made) {
      const [p] = await sql`select status from proposals where id = ${m.id}`;
      const seen = await waitForText(`${edgeOrigin}/wiki/${m.slug}`, m.marker, now(), 5_000);
      if (p.status !== "approved" || seen === null) lost++;
    }
    results.kill = { reads, failedReads: failed, failures: reasons, approvals: made.length, approvalsLost: lost };
    console.log(
      `\n2. 50 readers through the edge while instance 2 is killed and restarted: ${reads} reads, ${failed} failed (target 0${failed ? `; ${JSON.stringify(reasons)}` : ""}); ${made.length} approvals meanwhile, ${lost} lost (target 0).`,
    );
  }

  if (phases.has("newsletter")) {
    await sql`insert into subscribers (email, status, unsubscribe_token_hash, confirmed_at) select 'reader-' || g || '@bench.test', 'confirmed', md5('u' || g), now() from generate_series(1, ${subscriberCount}::int) g`;
    const [issue] =
      await sql`insert into newsletter_issues (slug, subject, markdown) values (${`bench-${randomBytes(3).toString("hex")}`}, 'Cluster bench issue', ${"A short issue for the benchmark.\n\nIt says one thing."}) returning id`;
    await page.goto(`/admin/newsletter/${issue.id}`);
    await page.getByRole("checkbox", { name: /I have checked the preview/ }).check();
    await page.getByRole("button", { name: /^Send to / }).click();
    const startedAt = now();
    const startedAtEpoch = Date.now();
    const floorSeconds = Math.ceil(subscriberCount / 100) / RESEND_RPS;
    const kills = [];
    // Twice, at 30 % and 60 %: kill -9 the instance that sent the last batch (the one working the send) and restart it.
    for (const share of [0.3, 0.6]) {
      let stats;
      while ((stats = await resend.stats("bench.test")).delivered < subscriberCount * share && now() - startedAt < floorSeconds * 3_000) await sleep(250);
      const sender = sendingInstance(instances, stats);
      if (!sender) throw new Error(`No instance is sending (last batch key ${stats.lastBatchKey}).`);
      const index = instances.indexOf(sender);
      sender.child.kill("SIGKILL");
      await sender.exited;
      kills.push({ atDelivered: stats.delivered, instance: index + 1, atSeconds: round((now() - startedAt) / 1000) });
      instances[index] = start(index);
      await waitForHttp(`${instances[index].origin}/api/health/ready`, { timeoutMs: 180_000, process: instances[index].child });
    }
    while ((await resend.stats("bench.test")).delivered < subscriberCount && now() - startedAt < floorSeconds * 3_000) await sleep(1_000);
    const stats = await resend.stats("bench.test");
    const seconds = round((stats.lastAt - startedAtEpoch) / 1000);
    results.newsletter = {
      subscribers: subscriberCount,
      delivered: stats.delivered,
      addresses: stats.addresses,
      duplicates: stats.duplicates,
      missing: subscriberCount - stats.addresses,
      limited429: stats.limited,
      replays: stats.replays,
      kills,
      seconds,
      floorSeconds,
      ratio: round(seconds / floorSeconds, 2),
    };
    console.log(
      `\n3. newsletter to ${subscriberCount} through the fake Resend (${RESEND_RPS} requests/s), instances killed at ${kills.map((k) => k.atDelivered).join(" and ")} delivered:`,
    );
    console.log(
      `   ${stats.addresses} addresses mailed, ${stats.duplicates} twice or more, ${subscriberCount - stats.addresses} not at all (target: exactly once each); ${seconds} s against a floor of ${floorSeconds} s = ${round(seconds / floorSeconds, 2)}× (target ≤ 1.1×); ${stats.limited} requests answered 429.`,
    );
  }

  writeResults("cluster", results);
  return 0;
}

await main(run, { timeLimitMinutes: 60 });
