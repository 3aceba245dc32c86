// npm run bench:search — search, type-ahead, cold article renders and listings on large corpora (issue 13, item 6).
// Generates the corpora when they hold fewer articles than asked for (npm run db:generate-corpus, which tops a
// database up to N articles) and otherwise reuses them as they are: a PostgreSQL database (100k articles) and an
// embedded one (10k). On each it starts the production server and measures at 1 / 10 / 50 connections:
//   search      200 distinct queries drawn from the corpus itself (common and rare body words, two-word phrases,
//               misspelt title words, aliases), asked with Zipf frequencies, some for page 2: first with the app's
//               search cache off (SEARCH_CACHE_SECONDS=0, every request reaches the database), Next.js alone; then
//               with the cache on, through the edge (deploy/nginx.conf), reported apart;
//   suggest     type-ahead (/api/suggest?q=) for 1–6-character beginnings of titles and aliases, Zipf-weighted;
//   articles    /wiki/<slug> for slugs never requested before by that server (each one a cache miss), at 1 and 10;
//   listings    home, letter and category pages (and their page 2), the sitemap index and a child sitemap, each
//               rendered afresh: requests carry x-prerender-revalidate (Next's on-demand revalidation, which
//               skips its page and data caches; checked on each URL before the load).
// Prints a table per corpus with the targets beside the figures; writes JSON to bench-results/. Asserts nothing
// but that every answer was a 200.
//
//   node scripts/bench/search.mjs [--corpus pg,pglite] [--only search,suggest,articles,listings] [--duration 10]
//        [--connections 1,10,50] [--article-connections 1,10] [--pg-articles 100000] [--pg-db attune_corpus_100k]
//        [--pglite-articles 10000] [--pglite-dir .data/bench-corpus-10k] [--jobs 2] [--seed 1]
//        [--port 3650] [--edge-port 8650] [--no-build]
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { PG_ADMIN_URL, ensureBuild, loadTest, main, parseArgs, round, startApp, startEdge, table, writeResults } from "./lib.mjs";

const args = parseArgs();
if (args.help) {
  console.log(
    "Usage: node scripts/bench/search.mjs [--corpus pg,pglite] [--only search,suggest,articles,listings] [--duration 10] [--connections 1,10,50] [--article-connections 1,10] [--pg-articles 100000] [--pg-db attune_corpus_100k] [--pglite-articles 10000] [--pglite-dir .data/bench-corpus-10k] [--jobs 2] [--seed 1] [--port 3650] [--edge-port 8650] [--no-build]",
  );
  process.exit(0);
}
const list = (value, fallback) =>
  String(value ?? fallback)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const duration = Number(args.duration ?? 10);
const connectionLevels = list(args.connections, "1,10,50").map(Number);
const articleLevels = list(args["article-connections"], "1,10").map(Number);
const WORKLOADS = ["search", "suggest", "articles", "listings"];
const only = list(args.only, WORKLOADS.join(","));
const corpusNames = list(args.corpus, "pg,pglite");
const port = Number(args.port ?? 3650);
const edgePort = Number(args["edge-port"] ?? 8650);
const seed = String(args.seed ?? 1);
const jobs = Number(args.jobs ?? 2);
const QUERY_COUNT = 200;
const PAGE_TWO_SHARE = 0.1;
// Browsers ask for compressed pages.
const headers = { "accept-encoding": "gzip, deflate, br" };

const CORPORA = {
  pg: { name: "pg", label: "PostgreSQL", want: Number(args["pg-articles"] ?? 100_000), db: String(args["pg-db"] ?? "attune_corpus_100k") },
  pglite: {
    name: "pglite",
    label: "embedded (PGlite)",
    want: Number(args["pglite-articles"] ?? 10_000),
    dir: path.resolve(String(args["pglite-dir"] ?? ".data/bench-corpus-10k")),
  },
};

// The issue's targets, each at the number of connections it names (the other rows show the figures only).
const TARGETS = {
  "search (uncached)": {
    pg: { connections: 10, text: "p99 < 50 ms", ok: (r) => r.latency.p99 < 50 },
    pglite: { connections: 10, text: "p99 < 100 ms", ok: (r) => r.latency.p99 < 100 },
  },
  "search (edge, cached)": { any: { connections: 10, text: "≥ 500 req/s", ok: (r) => r.rps >= 500 } },
  "search (edge, top 10)": { any: { connections: 10, text: "≥ 500 req/s", ok: (r) => r.rps >= 500 } },
  "type-ahead": { any: { connections: 10, text: "p99 < 20 ms", ok: (r) => r.latency.p99 < 20 } },
  "article (cold)": { any: { connections: 10, text: "p50 < 30, p99 < 80 ms", ok: (r) => r.latency.p50 < 30 && r.latency.p99 < 80 } },
};
const LISTING_TARGET = { connections: 10, text: "p99 < 100 ms", ok: (r) => r.latency.p99 < 100 }; // at 100k: the PostgreSQL corpus
const targetFor = (workload, corpus) =>
  TARGETS[workload]?.[corpus] ?? TARGETS[workload]?.any ?? (workload.startsWith("listing") && corpus === "pg" ? LISTING_TARGET : null);

// ---------------------------------------------------------------- corpora

const pgUrl = (db) => {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${db}`;
  return url.toString();
};

/** Reads a corpus with plain SQL ($1 parameters): postgres.js, or PGlite (closed again before the server opens it). */
async function openReader(corpus) {
  if (corpus.name === "pg") {
    const sql = postgres(pgUrl(corpus.db), { max: 1, onnotice: () => {}, connect_timeout: 5 });
    return { query: (text, params = []) => sql.unsafe(text, params), close: () => sql.end({ timeout: 2 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const db = new PGlite(corpus.dir, { extensions: { pg_trgm } });
  await db.waitReady;
  return { query: async (text, params = []) => (await db.query(text, params)).rows, close: () => db.close() };
}

async function countArticles(reader) {
  const [{ present }] = await reader.query("select to_regclass('public.articles') is not null as present");
  if (!present) return 0;
  const [{ n }] = await reader.query("select count(*)::int as n from articles where current_revision_id is not null");
  return Number(n);
}

/** The embedded database's own lock (lib/db/lock.ts): refuse to open a folder that a live process holds. */
function assertPgliteFree(dir) {
  const lock = `${dir}.lock`;
  if (!existsSync(lock)) return;
  let pid = 0;
  try {
    pid = Number(JSON.parse(readFileSync(lock, "utf8")).pid);
  } catch {
    return; // unreadable: the server takes such a lock over, and so may we
  }
  let state = "";
  try {
    state = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] ?? "";
  } catch {
    return; // the process is gone
  }
  if (state && state !== "Z") throw new Error(`${dir} is in use by process ${pid} (${lock}): stop it first (a corpus still being generated?).`);
}

async function articlesIn(corpus) {
  if (corpus.name === "pglite") {
    assertPgliteFree(corpus.dir);
    if (!existsSync(path.join(corpus.dir, "PG_VERSION"))) return 0;
  }
  const reader = await openReader(corpus);
  try {
    return await countArticles(reader);
  } finally {
    await reader.close();
  }
}

async function createPgDatabaseIfMissing(db) {
  if (!/^[a-z0-9_]+$/.test(db)) throw new Error(`--pg-db ${db}: use lower-case letters, digits and _ only.`);
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${db}`;
    if (rows.length === 0) {
      console.log(`Creating the PostgreSQL database ${db} (kept afterwards, for the next run)…`);
      await admin.unsafe(`create database "${db}"`);
    }
  } finally {
    await admin.end();
  }
}

/** Tops the corpus up to `want` articles with the generator (resumable), in the database the app would use. */
function generate(corpus, have) {
  const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts ?? {};
  const option = corpus.name === "pg" ? "--pg-articles" : "--pglite-articles";
  if (!scripts["db:generate-corpus"])
    throw new Error(
      `The ${corpus.label} corpus holds ${have} articles, fewer than ${corpus.want}, and there is no generator (npm run db:generate-corpus) in package.json yet. ` +
        `Fill it another way, or pass ${option} ${have} to measure it as it is.`,
    );
  const env = { ...process.env };
  if (corpus.name === "pg") {
    env.DATABASE_URL = pgUrl(corpus.db);
    delete env.PGLITE_DIR;
  } else {
    delete env.DATABASE_URL;
    env.PGLITE_DIR = corpus.dir;
  }
  const generatorArgs = ["run", "db:generate-corpus", "--", "--articles", String(corpus.want), ...(corpus.name === "pg" ? ["--jobs", String(jobs)] : [])];
  console.log(`${corpus.label}: ${have} articles, ${corpus.want} wanted: npm ${generatorArgs.join(" ")}`);
  const started = performance.now();
  // Under `npm run`, npm_execpath is npm's own script; otherwise the npm on the PATH.
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
  const r = spawnSync(npm[0], [...npm.slice(1), ...generatorArgs], { stdio: "inherit", env });
  if (r.status !== 0) throw new Error(`The corpus generator failed (exit ${r.status ?? r.signal}).`);
  return round((performance.now() - started) / 1000);
}

async function ensureCorpus(corpus) {
  if (corpus.name === "pg") await createPgDatabaseIfMissing(corpus.db);
  let have = await articlesIn(corpus);
  let generatedSeconds = null;
  if (have < corpus.want) {
    generatedSeconds = generate(corpus, have);
    have = await articlesIn(corpus);
    if (have < corpus.want) throw new Error(`After the generator the ${corpus.label} corpus holds ${have} articles, not ${corpus.want}.`);
  }
  console.log(`${corpus.label} corpus: ${have} articles (${corpus.name === "pg" ? `database ${corpus.db}` : corpus.dir}).`);
  return { ...corpus, articles: have, generatedSeconds };
}

// ---------------------------------------------------------------- what to ask for, drawn from the corpus

/** mulberry32: a small seeded generator, so that a run asks for the same mix as the last one. */
function random(seedText) {
  let a = [...seedText].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items, rand) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Draws ranks 0…n-1 with p(r) ∝ 1/(r+1)^s. */
function zipf(n, rand, s = 1) {
  const cumulative = [];
  let total = 0;
  for (let r = 0; r < n; r++) cumulative.push((total += 1 / (r + 1) ** s));
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const STOP_WORDS = new Set(
  "the and for are but not you all any can had her was one our out has him his how its may new now old see two way who did get let say she too use that with have this will your from they know want been good much some time very when come here just like long make many more only over such take than them well were what into also each most other their there these those which would about could after before being between both does doing during every should through under until while where why because itself".split(
    " ",
  ),
);
const wordsOf = (text) => (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length >= 3);
const isContentWord = (w) => !STOP_WORDS.has(w);

/** A title word with two neighbouring letters swapped or one letter dropped, that is not itself a corpus word. */
function misspell(word, rand, known) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const i = 1 + Math.floor(rand() * (word.length - 2));
    const edited = rand() < 0.5 ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word.slice(0, i) + word.slice(i + 1);
    if (edited !== word && !known.has(edited)) return edited;
  }
  return null;
}

/** Titles, bodies, aliases, slugs, letters and categories of the corpus, sampled in a fixed (seeded) order. */
async function readFacts(corpus, slugCount) {
  const reader = await openReader(corpus);
  try {
    const sample = (extra, limit) =>
      `select id from articles where current_revision_id is not null order by md5(id::text || $1 || '${extra}') limit ${Number(limit)}`;
    const bodies = await reader.query(`select a.title, a.body_text from articles a join (${sample("b", 300)}) s on s.id = a.id`, [seed]);
    const titles = (await reader.query(`select a.title from articles a join (${sample("t", 2000)}) s on s.id = a.id`, [seed])).map((r) => r.title);
    const aliases = (await reader.query(`select label from article_aliases where kind = 'alias' order by md5(slug || $1) limit 2000`, [seed])).map(
      (r) => r.label,
    );
    const slugs = (
      await reader.query(`select slug from articles where current_revision_id is not null order by md5(id::text || $1 || 's') limit ${Number(slugCount)}`, [
        seed,
      ])
    ).map((r) => r.slug);
    const letters = (
      await reader.query("select letter, count(*)::int as n from articles where current_revision_id is not null group by letter order by n desc, letter")
    ).map((r) => ({ letter: r.letter, n: Number(r.n) }));
    const categories = (await reader.query("select category, count(*)::int as n from article_categories group by category order by n desc, category")).map(
      (r) => ({
        name: r.category,
        n: Number(r.n),
      }),
    );
    return { bodies, titles, aliases, slugs, letters, categories };
  } finally {
    await reader.close();
  }
}

/** 200 distinct queries of five kinds, in a seeded order of popularity (rank 1 most asked). */
function searchMix(facts) {
  const rand = random(`${seed}:search`);
  const counts = new Map();
  const pairs = new Map();
  for (const { body_text: body } of facts.bodies) {
    const words = wordsOf(body);
    words.forEach((w, i) => {
      counts.set(w, (counts.get(w) ?? 0) + 1);
      const next = words[i + 1];
      if (next && isContentWord(w) && isContentWord(next) && w !== next) pairs.set(`${w} ${next}`, (pairs.get(`${w} ${next}`) ?? 0) + 1);
    });
  }
  const ranked = [...counts].filter(([w]) => isContentWord(w)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const titleWords = [...new Set(facts.titles.flatMap((t) => wordsOf(t)).filter((w) => w.length >= 5))];
  const candidates = {
    common: shuffle(
      ranked.slice(0, 150).map(([w]) => w),
      rand,
    ),
    rare: shuffle(
      ranked.filter(([w, n]) => n <= 2 && w.length >= 5).map(([w]) => w),
      rand,
    ),
    phrase: shuffle(
      [...pairs]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 300)
        .map(([p], i) => (i % 3 === 0 ? `"${p}"` : p)),
      rand,
    ),
    misspelling: shuffle(titleWords, rand)
      .map((w) => misspell(w, rand, counts))
      .filter(Boolean),
    alias: shuffle(facts.aliases, rand),
  };
  const quota = { common: 50, rare: 40, phrase: 40, misspelling: 35, alias: 35 };
  const chosen = [];
  const seen = new Set();
  const take = (kind) => {
    while (candidates[kind].length) {
      const q = candidates[kind].shift();
      if (!seen.has(q.toLowerCase())) {
        seen.add(q.toLowerCase());
        chosen.push({ q, kind });
        return true;
      }
    }
    return false;
  };
  for (const [kind, n] of Object.entries(quota)) for (let i = 0; i < n; i++) take(kind);
  // A kind that ran short (a small corpus) is made up by the others, in turn.
  for (let kinds = Object.keys(quota); chosen.length < QUERY_COUNT && kinds.length;) kinds = kinds.filter((k) => chosen.length < QUERY_COUNT && take(k));
  return shuffle(chosen, rand);
}

/** Up to 200 distinct beginnings (1–6 characters) of titles and aliases, as typed. */
function suggestMix(facts) {
  const rand = random(`${seed}:suggest`);
  const out = [];
  const seen = new Set();
  for (const name of shuffle([...facts.titles, ...facts.aliases], rand)) {
    const length = 1 + Math.floor(rand() * 6);
    const prefix = name.toLowerCase().slice(0, length);
    if (prefix.trim().length !== length || seen.has(prefix)) continue;
    seen.add(prefix);
    out.push(prefix);
    if (out.length === QUERY_COUNT) break;
  }
  return shuffle(out, rand);
}

/** A Zipf-weighted stream of paths over `items` (their order is their popularity), for loadTest's nextPath. */
function zipfStream(items, toPath, label) {
  const rand = random(`${seed}:${label}`);
  const rank = zipf(items.length, rand);
  return () => toPath(items[rank()], rand);
}

const searchPath = (item, rand) => `/search?q=${encodeURIComponent(item.q)}${rand() < PAGE_TWO_SHARE ? "&page=2" : ""}`;
const suggestPath = (prefix) => `/api/suggest?q=${encodeURIComponent(prefix)}`;

/** The listing pages, each kind with every URL of it the corpus has (concurrent requests then rarely share one). */
function listingUrls(facts) {
  const big = (rows) => rows.slice(0, Math.max(1, Math.ceil(rows.length / 2))); // the larger half: they have a page 2
  const category = (c) => `/category/${encodeURIComponent(c.name)}`;
  return {
    "listing: home": ["/"],
    "listing: letter": facts.letters.map((l) => `/browse/${encodeURIComponent(l.letter)}`),
    "listing: letter p. 2": big(facts.letters).map((l) => `/browse/${encodeURIComponent(l.letter)}/2`),
    "listing: category": facts.categories.map(category),
    "listing: category p. 2": big(facts.categories).map((c) => `${category(c)}/2`),
    "listing: sitemap index": ["/sitemap.xml"],
    "listing: sitemap child": ["/sitemaps/1.xml"],
  };
}

// ---------------------------------------------------------------- measuring

const runs = [];
const checks = [];

function report(r) {
  const bad = r.non2xx + r.errors + r.timeouts;
  const extra = [
    r.cacheStatuses && `edge ${JSON.stringify(r.cacheStatuses)}`,
    r.headerCounts && `x-nextjs-cache ${JSON.stringify(Object.values(r.headerCounts)[0])}`,
    r.exhausted && "ran out of fresh paths",
    bad && `⚠ ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`,
  ].filter(Boolean);
  console.log(
    `  ${r.workload.padEnd(24)} c=${String(r.connections).padStart(2)} ${String(r.rps).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  max ${r.latency.max} ms  ${extra.join("  ")}`,
  );
}

async function measure({ corpus, workload, origin, levels, nextPath, warmup = 1, requestHeaders = {}, countHeader }) {
  for (const connections of levels) {
    const r = await loadTest({ url: origin, connections, duration, headers: { ...headers, ...requestHeaders }, nextPath: nextPath(), countHeader, warmup });
    const target = targetFor(workload, corpus.name);
    const applies = target && target.connections === connections && r.requests > 0;
    const hits = r.cacheStatuses ? (r.cacheStatuses.HIT ?? 0) / r.requests : undefined;
    runs.push({
      corpus: corpus.name,
      workload,
      ...r,
      ...(hits === undefined ? {} : { edgeHitShare: round(hits, 3) }),
      target: applies ? target.text : null,
      met: applies ? target.ok(r) : null,
    });
    report(runs.at(-1));
  }
}

/** Fetches each URL once (so it is in Next's cache), then once with the revalidation header: did that render afresh? */
async function checkListing(corpus, origin, kind, urls, revalidate) {
  const seen = [];
  for (const url of urls) {
    await (await fetch(origin + url, { headers })).arrayBuffer();
    const r = await fetch(origin + url, { headers: { ...headers, ...revalidate } });
    await r.arrayBuffer();
    const cache = r.headers.get("x-nextjs-cache");
    // A page renders afresh when Next says REVALIDATED; a route handler (the sitemaps) has no page cache, and the
    // header makes its data cache (unstable_cache) be skipped as well.
    const fresh = cache === "REVALIDATED" || (cache === null && !/s-maxage/.test(r.headers.get("cache-control") ?? ""));
    seen.push({ url, status: r.status, xNextjsCache: cache, fresh });
  }
  const check = {
    corpus: corpus.name,
    kind,
    urls: urls.length,
    ok: seen.every((s) => s.status === 200 && s.fresh),
    problems: seen.filter((s) => s.status !== 200 || !s.fresh).slice(0, 5),
  };
  checks.push(check);
  return check;
}

const cursor = (paths) => {
  let i = 0;
  return () => paths[i++ % paths.length];
};

async function uncachedPhase(corpus, facts, mixes) {
  const app = await startApp({
    port,
    label: `search-${corpus.name}`,
    env: { SEARCH_CACHE_SECONDS: "0" },
    startTimeoutMs: 30 * 60_000, // a first start may index what the generator left out (e.g. the shingles)
    ...(corpus.name === "pg" ? { dbUrl: pgUrl(corpus.db) } : { pgliteDir: corpus.dir }),
  });
  console.log(`\n${corpus.label}, ${corpus.articles} articles, Next.js alone (SEARCH_CACHE_SECONDS=0), ${duration} s per run:`);
  if (only.includes("search"))
    await measure({
      corpus,
      workload: "search (uncached)",
      origin: app.origin,
      levels: connectionLevels,
      nextPath: () => zipfStream(mixes.search, searchPath, "search"),
    });
  if (only.includes("suggest"))
    await measure({
      corpus,
      workload: "type-ahead",
      origin: app.origin,
      levels: connectionLevels,
      nextPath: () => zipfStream(mixes.suggest, suggestPath, "suggest"),
    });
  if (only.includes("articles")) {
    // One list for every run: no slug is asked for twice. The first 20 pay for loading the page's code, unmeasured.
    let next = 0;
    const fresh = () => (next < facts.slugs.length ? `/wiki/${facts.slugs[next++]}` : undefined);
    for (let i = 0; i < 20 && next < facts.slugs.length; i++) await (await fetch(app.origin + fresh(), { headers })).arrayBuffer();
    await measure({
      corpus,
      workload: "article (cold)",
      origin: app.origin,
      levels: articleLevels,
      nextPath: () => fresh,
      warmup: 0,
      countHeader: "x-nextjs-cache",
    });
  }
  if (only.includes("listings")) {
    const previewModeId = JSON.parse(readFileSync(".next/prerender-manifest.json", "utf8")).preview.previewModeId;
    const revalidate = { "x-prerender-revalidate": previewModeId };
    for (const [kind, urls] of Object.entries(listingUrls(facts))) {
      const check = await checkListing(corpus, app.origin, kind, urls, revalidate);
      if (!check.ok) {
        console.log(
          `  ${kind.padEnd(24)} skipped: ${check.problems.map((p) => `${p.url} → ${p.status}${p.fresh ? "" : `, not rendered afresh (x-nextjs-cache ${p.xNextjsCache})`}`).join("; ")}`,
        );
        continue;
      }
      await measure({
        corpus,
        workload: kind,
        origin: app.origin,
        levels: connectionLevels,
        nextPath: () => cursor(urls),
        requestHeaders: revalidate,
        countHeader: "x-nextjs-cache",
      });
    }
  }
  await app.stop();
}

async function edgePhase(corpus, mixes) {
  const app = await startApp({ port, label: `search-${corpus.name}`, ...(corpus.name === "pg" ? { dbUrl: pgUrl(corpus.db) } : { pgliteDir: corpus.dir }) });
  const edge = await startEdge({ port: edgePort, upstreamPort: port, label: "search-edge" });
  console.log(`\n${corpus.label}, ${corpus.articles} articles, through the edge, the app's search cache on:`);
  await measure({
    corpus,
    workload: "search (edge, cached)",
    origin: edge.origin,
    levels: connectionLevels,
    nextPath: () => zipfStream(mixes.search, searchPath, "search"),
  });
  // The popular queries alone: the ten most asked of the same mix, in the same proportions among themselves.
  const top = mixes.search.slice(0, 10);
  await measure({
    corpus,
    workload: "search (edge, top 10)",
    origin: edge.origin,
    levels: connectionLevels,
    nextPath: () => zipfStream(top, searchPath, "search-top"),
  });
  await edge.stop();
  await app.stop();
}

const COLUMNS = [
  { label: "workload", value: (r) => r.workload, align: "left" },
  { label: "conns", value: (r) => r.connections },
  { label: "req/s", value: (r) => r.rps },
  { label: "p50 ms", value: (r) => r.latency.p50 },
  { label: "p99 ms", value: (r) => r.latency.p99 },
  { label: "max ms", value: (r) => r.latency.max },
  { label: "errors", value: (r) => r.non2xx + r.errors + r.timeouts },
  { label: "target", value: (r) => r.target ?? "", align: "left" },
  { label: "met", value: (r) => (r.met === null ? "" : r.met ? "yes" : "NO"), align: "left" },
];

await main(
  async () => {
    for (const w of only) if (!WORKLOADS.includes(w)) throw new Error(`--only ${w}: use ${WORKLOADS.join(", ")}`);
    for (const c of corpusNames) if (!CORPORA[c]) throw new Error(`--corpus ${c}: use pg, pglite`);
    ensureBuild({ build: !args["no-build"] });
    if (!readFileSync("lib/env.ts", "utf8").includes("SEARCH_CACHE_SECONDS"))
      console.log("Note: this app has no search-result cache yet (no SEARCH_CACHE_SECONDS in lib/env.ts): both search phases reach the database.");
    const corpora = {};
    for (const name of corpusNames) {
      const corpus = await ensureCorpus(CORPORA[name]);
      const facts = await readFacts(corpus, corpus.name === "pg" ? 20_000 : corpus.articles);
      const mixes = { search: searchMix(facts), suggest: suggestMix(facts) };
      const kinds = {};
      for (const { kind } of mixes.search) kinds[kind] = (kinds[kind] ?? 0) + 1;
      console.log(
        `  ${mixes.search.length} queries (${Object.entries(kinds)
          .map(([k, n]) => `${n} ${k}`)
          .join(", ")}), ${mixes.suggest.length} type-ahead prefixes.`,
      );
      corpora[name] = {
        label: corpus.label,
        articles: corpus.articles,
        where: corpus.name === "pg" ? corpus.db : path.relative(process.cwd(), corpus.dir) || corpus.dir,
        generatedSeconds: corpus.generatedSeconds,
        queries: mixes.search,
        queryKinds: kinds,
        prefixes: mixes.suggest,
      };
      await uncachedPhase(corpus, facts, mixes);
      if (only.includes("search")) await edgePhase(corpus, mixes);
    }

    for (const name of corpusNames) {
      console.log(
        `\n${corpora[name].label}, ${corpora[name].articles} articles:\n${table(
          runs.filter((r) => r.corpus === name),
          COLUMNS,
        )}`,
      );
    }
    const targeted = runs.filter((r) => r.met !== null);
    console.log(
      `\nTargets:\n${targeted.map((r) => `  ${r.met ? "✓" : "✗"} ${r.corpus} ${r.workload} c=${r.connections}: ${r.target} — p50 ${r.latency.p50}, p99 ${r.latency.p99} ms, ${r.rps} req/s`).join("\n")}`,
    );
    const skipped = checks.filter((c) => !c.ok);
    if (skipped.length) console.log(`\nNot measured (not a 200, or not rendered afresh): ${skipped.map((c) => `${c.corpus} ${c.kind}`).join(", ")}.`);
    const failures = runs.filter((r) => r.non2xx + r.errors + r.timeouts > 0);
    if (failures.length) console.log(`\n⚠ ${failures.length} runs had non-200 answers, errors or timeouts (see the table).`);
    writeResults("search", {
      options: { duration, connectionLevels, articleLevels, only, corpora: corpusNames, seed, pageTwoShare: PAGE_TWO_SHARE },
      corpora,
      listingChecks: checks,
      runs,
      summary: targeted.map((r) => ({
        corpus: r.corpus,
        workload: r.workload,
        connections: r.connections,
        target: r.target,
        met: r.met,
        p50: r.latency.p50,
        p99: r.latency.p99,
        rps: r.rps,
      })),
    });
    return failures.length ? 1 : 0;
  },
  { timeLimitMinutes: 300 }, // generating the 100k corpus takes most of it; measuring takes ~20 minutes
);
