// Shared helpers for the measuring scripts in scripts/bench (docs/performance.md): start the production
// server on a fresh database, start nginx with deploy/nginx.conf in front of it, sign in over HTTP through
// the outbox, create and approve proposals, generate load, write JSON results. Everything they start is
// stopped on exit (normal, error, Ctrl-C); all traffic goes to localhost only.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { chromiumArgs, debianChromium } from "../../e2e/support/chromium.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
process.chdir(ROOT);

export const RESULTS_DIR = path.join(ROOT, "bench-results");
export const NGINX = process.env.NGINX_BIN ?? "/usr/sbin/nginx";
export const CHROMIUM = process.env.CHROME_PATH ?? debianChromium;
/** A PostgreSQL server where fresh databases may be created and dropped (the CI one by default). */
export const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const ADMIN_EMAIL = "bench-admin@attune.test";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const now = () => performance.now();

// ---------------------------------------------------------------- arguments, results, clean-up

/** `--name value`, `--name=value` and bare `--flag` (true). */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    if (m[2] !== undefined) out[m[1]] = m[2];
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) out[m[1]] = argv[++i];
    else out[m[1]] = true;
  }
  return out;
}

export function writeResults(name, data) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = path.join(RESULTS_DIR, `${name}-${stamp}.json`);
  const body = JSON.stringify({ script: name, at: new Date().toISOString(), machine: machineInfo(), ...data }, null, 2);
  writeFileSync(file, body);
  writeFileSync(path.join(RESULTS_DIR, `${name}-latest.json`), body);
  console.log(`\nResults: ${path.relative(ROOT, file)}`);
  return file;
}

export function machineInfo() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

const cleanups = [];
/** Registers `fn` to run on exit, last registered first. Returns a function that runs it now, once. */
export function onCleanup(fn) {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    await fn();
  };
  cleanups.push(once);
  return once;
}

async function runCleanups() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (error) {
      console.error("clean-up:", error?.message ?? error);
    }
  }
}

let exiting = false;
async function exitWith(code) {
  if (exiting) return;
  exiting = true;
  await runCleanups();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping what this script started…`);
    void exitWith(130);
  });
}

/** Runs a script's body with a hard time limit; cleans up whatever happens. */
export async function main(body, { timeLimitMinutes = 30 } = {}) {
  const timer = setTimeout(() => {
    console.error(`Time limit of ${timeLimitMinutes} min reached: stopping.`);
    void exitWith(2);
  }, timeLimitMinutes * 60_000);
  timer.unref();
  let code = 0;
  try {
    const result = await body();
    if (typeof result === "number") code = result;
  } catch (error) {
    console.error(error?.stack ?? error);
    code = 1;
  }
  clearTimeout(timer);
  await exitWith(code);
}

// ---------------------------------------------------------------- build and application server

/** Builds the app when there is no production build (or refuses, with --no-build). */
export function ensureBuild({ build = true } = {}) {
  if (existsSync(".next/BUILD_ID")) return;
  if (!build) throw new Error("No production build: run `npm run build` first.");
  console.log("No production build (.next/BUILD_ID): running `next build` first…");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) throw new Error("`next build` failed.");
}

/**
 * Next keeps rendered pages on disk (.next/server/route-cache) and unstable_cache data (.next/cache/fetch-cache),
 * and serves them after a restart: on a fresh database they would show another database's text.
 */
export function clearAppCaches() {
  rmSync(".next/cache/fetch-cache", { recursive: true, force: true });
  rmSync(".next/server/route-cache", { recursive: true, force: true });
}

export async function portIsFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

async function assertPortsFree(...ports) {
  for (const p of ports) if (!(await portIsFree(p))) throw new Error(`Port ${p} is in use: stop what holds it, or pass another port (see --help).`);
}

export async function waitForHttp(url, { timeoutMs = 120_000, ok = (r) => r.ok, process: child } = {}) {
  const until = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`The process exited (code ${child.exitCode}) before ${url} answered.`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await r.arrayBuffer();
      if (ok(r)) return r;
      last = `HTTP ${r.status}`;
    } catch (error) {
      last = error?.cause?.code ?? error?.message ?? String(error);
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s (${last}).`);
}

/** A fresh database `attune_bench_<time>` on the PostgreSQL server, dropped at clean-up. */
export async function createDatabase() {
  const name = `attune_bench_${Date.now()}_${randomBytes(2).toString("hex")}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const drop = onCleanup(async () => {
    const a = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    try {
      await a.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await a.end({ timeout: 2 });
    }
  });
  return { name, url: url.toString(), drop };
}

/**
 * Starts `next start` on a fresh database: `database: "postgres"` (a new database, dropped afterwards) or
 * "pglite" (a new folder). Or on an existing one, kept as it is: `dbUrl` (PostgreSQL) or `pgliteDir` (embedded), e.g.
 * a generated corpus (bench:search); its first start may take long (`startTimeoutMs`). Outbox email, generous rate
 * limits, a local fake Stripe when `stripe` is set.
 * Returns { origin (http://localhost:PORT), port, dbUrl?, sql? (postgres.js on that database), stop, logFile }.
 */
export async function startApp({ port, database = "pglite", label = "bench", stripe = false, env: extra = {}, dbUrl, pgliteDir, startTimeoutMs = 180_000 }) {
  await assertPortsFree(port);
  clearAppCaches();
  const origin = `http://localhost:${port}`;
  const work = mkdtempSync(path.join(os.tmpdir(), `attune-${label}-`));
  onCleanup(() => rmSync(work, { recursive: true, force: true }));
  const env = {
    ...process.env,
    NODE_ENV: "production",
    SITE_URL: origin,
    AUTH_URL: origin,
    AUTH_SECRET: "bench-only-secret-not-for-production-0123456789",
    EMAIL_TRANSPORT: "outbox",
    ADMIN_EMAILS: ADMIN_EMAIL,
    TRUSTED_PROXY: "true", // the edge sits in front in most measurements
    RATE_LIMIT_SIGNIN_PER_HOUR: "10000",
    RATE_LIMIT_SIGNIN_PER_IP_PER_HOUR: "10000",
    RATE_LIMIT_PROPOSALS_PER_HOUR: "10000",
    RATE_LIMIT_DONATE_PER_HOUR: "10000",
    RATE_LIMIT_SUBSCRIBE_PER_HOUR: "10000",
    MAX_PENDING_PROPOSALS: "1000",
    ...extra,
  };
  delete env.NEXT_PHASE;
  const app = { origin, port, work, kind: dbUrl ? "postgres" : pgliteDir ? "pglite" : database };
  if (dbUrl) {
    env.DATABASE_URL = dbUrl;
    delete env.PGLITE_DIR;
    app.dbUrl = dbUrl;
  } else if (pgliteDir) {
    delete env.DATABASE_URL;
    env.PGLITE_DIR = path.resolve(pgliteDir);
  } else if (database === "postgres") {
    const db = await createDatabase();
    env.DATABASE_URL = db.url;
    delete env.PGLITE_DIR;
    app.dbName = db.name;
    app.dbUrl = db.url;
  } else {
    delete env.DATABASE_URL;
    env.PGLITE_DIR = path.join(work, "pglite");
  }
  if (stripe) {
    const { startFakeStripe } = await import("../../e2e/fakes/stripe.mjs");
    const webhookSecret = "whsec_bench_only_secret";
    const fake = await startFakeStripe({ appUrl: origin, webhookSecret });
    onCleanup(() => fake.close());
    Object.assign(env, {
      STRIPE_SECRET_KEY: "sk_test_bench_fake",
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_HOST: "127.0.0.1",
      STRIPE_API_PORT: String(fake.port),
      STRIPE_API_PROTOCOL: "http",
    });
    app.stripe = fake;
    app.webhookSecret = webhookSecret;
  }
  app.logFile = path.join(work, "server.log");
  const log = createWriteStream(app.logFile);
  // next's own binary, not npx, so that stopping it frees the port.
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "localhost", "-p", String(port)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  app.pid = child.pid;
  app.child = child;
  app.stop = onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const exited = await Promise.race([new Promise((r) => child.once("exit", () => r(true))), sleep(10_000).then(() => false)]);
      if (!exited) child.kill("SIGKILL");
    }
    log.end();
  });
  try {
    await waitForHttp(`${origin}/api/health`, { timeoutMs: startTimeoutMs, process: child });
  } catch (error) {
    console.error(`Server log (${app.logFile}):\n${tail(app.logFile)}`);
    throw error;
  }
  if (app.dbUrl) {
    app.sql = postgres(app.dbUrl, { max: 2, onnotice: () => {}, connect_timeout: 5 });
    onCleanup(() => app.sql.end({ timeout: 2 }));
  }
  app.log = () => tail(app.logFile, 60);
  return app;
}

/**
 * The environment of one cluster member (the cluster test and bench:cluster): a production start on `dbUrl` and
 * Redis, one Server Actions key for all, email through the fake Resend at `resendUrl`; `extra` adds or overrides.
 */
export function clusterEnv({ dbUrl, redisUrl, resendUrl, extra = {} }) {
  const env = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: dbUrl,
    REDIS_URL: redisUrl,
    NEXT_MANUAL_SIG_HANDLE: "true",
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    AUTH_SECRET: "cluster-only-secret-not-for-production-0123456789",
    EMAIL_TRANSPORT: "resend",
    RESEND_API_KEY: "re_cluster_fake",
    RESEND_BASE_URL: resendUrl,
    MAX_PENDING_PROPOSALS: "10000",
    RATE_LIMIT_PROPOSALS_PER_HOUR: "10000",
    ...extra,
  };
  delete env.PGLITE_DIR;
  delete env.NEXT_PHASE;
  return env;
}

/** One `next start` of the current build with exactly `env` (a cluster member); kill -9 or SIGTERM it through `child`. */
export function startInstance({ port, env, label }) {
  const origin = `http://localhost:${port}`;
  const work = mkdtempSync(path.join(os.tmpdir(), `attune-cluster-${label}-`));
  onCleanup(() => rmSync(work, { recursive: true, force: true }));
  const logFile = path.join(work, "server.log");
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "localhost", "-p", String(port)], {
    // Each member has its own Resend key (by port, so a restart keeps it): the fake Resend reports which key sent
    // the last batch, and sendingInstance() finds the member working a newsletter send.
    env: { ...env, SITE_URL: origin, AUTH_URL: origin, RESEND_API_KEY: `re_cluster_${port}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const stop = onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    log.end();
  });
  return { origin, port, child, exited, stop, label, log: () => tail(logFile, 60) };
}

/** The member of `instances` that sent the fake Resend's last batch (the one working a send), or undefined. */
export function sendingInstance(instances, stats) {
  return instances.find((i) => stats.lastBatchKey === `re_cluster_${i.port}`);
}

export function tail(file, lines = 40) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

// ---------------------------------------------------------------- nginx

const nginxMain = (extra = "") => `worker_processes auto;
pid nginx.pid;
error_log logs/error.log warn;
${extra}
events { worker_connections 4096; }
`;

function nginxPrefix(label) {
  const prefix = mkdtempSync(path.join(os.tmpdir(), `attune-nginx-${label}-`));
  for (const d of ["logs", "tmp", "cache"]) mkdirSync(path.join(prefix, d), { recursive: true });
  // Started as root, nginx's workers run as nobody: they must be able to write the temp and cache folders.
  chmodSync(prefix, 0o755);
  for (const d of ["tmp", "cache"]) chmodSync(path.join(prefix, d), 0o777);
  return prefix;
}

async function runNginx(prefix, confText, listenPort, label) {
  const conf = path.join(prefix, "nginx.conf");
  writeFileSync(conf, confText);
  const args = ["-p", `${prefix}/`, "-e", path.join(prefix, "logs/error.log"), "-c", conf];
  const test = spawnSync(NGINX, [...args, "-t", "-q"], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t failed for ${conf}:\n${test.stderr}`);
  const child = spawn(NGINX, [...args, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const stop = onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM"); // fast shutdown of the master and its workers
      const exited = await Promise.race([new Promise((r) => child.once("exit", () => r(true))), sleep(5000).then(() => false)]);
      if (!exited) child.kill("SIGKILL");
    }
    rmSync(prefix, { recursive: true, force: true });
  });
  const until = Date.now() + 10_000;
  while (!(await canConnect(listenPort))) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`nginx (${label}) did not start: ${stderr}${tail(path.join(prefix, "logs/error.log"))}`);
    await sleep(100);
  }
  return { prefix, conf, pid: child.pid, child, stop, errorLog: path.join(prefix, "logs/error.log") };
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** Fills deploy/nginx.conf's ${ATTUNE_*} placeholders; throws on one it does not know. */
export function renderEdgeConf(values) {
  const template = readFileSync(path.join(ROOT, "deploy/nginx.conf"), "utf8");
  // ATTUNE_UPSTREAM holds `server` lines: "127.0.0.1:3001,127.0.0.1:3002" is written out as one line per instance.
  if (values.ATTUNE_UPSTREAM && !values.ATTUNE_UPSTREAM.startsWith("server ")) {
    values = {
      ...values,
      ATTUNE_UPSTREAM: values.ATTUNE_UPSTREAM.split(",")
        .map((a) => `server ${a.trim()} max_fails=1 fail_timeout=5s;`)
        .join("\n        "),
    };
  }
  return template.replace(/\$\{(ATTUNE_[A-Z_]+)\}/g, (_, key) => {
    if (!(key in values)) throw new Error(`deploy/nginx.conf: no value for \${${key}}`);
    return values[key];
  });
}

/** nginx with deploy/nginx.conf, listening on 127.0.0.1:`port`, in front of the app on `upstreamPort` (or the instances `upstreams`). */
export async function startEdge({ port, upstreamPort, upstreams = [`127.0.0.1:${upstreamPort}`], label = "edge" }) {
  await assertPortsFree(port);
  const prefix = nginxPrefix(label);
  const text = renderEdgeConf({ ATTUNE_LISTEN: `127.0.0.1:${port}`, ATTUNE_UPSTREAM: upstreams.join(","), ATTUNE_CACHE_DIR: path.join(prefix, "cache") });
  const edge = await runNginx(prefix, text, port, label);
  return { ...edge, origin: `http://localhost:${port}`, port };
}

/**
 * nginx serving `files` ({ "/path": bytes }) as they are (the physical limit for one page): the same worker settings
 * as the edge, sendfile, and gzip_static so a client asking for gzip gets the pre-compressed copy.
 */
export async function startStaticNginx({ port, files, label = "static" }) {
  await assertPortsFree(port);
  const prefix = nginxPrefix(label);
  const root = path.join(prefix, "www"); // inside the prefix, which nginx's workers can read
  for (const [file, bytes] of Object.entries(files)) {
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    writeFileSync(target, bytes, { mode: 0o644 });
  }
  const text = `${nginxMain()}
http {
    default_type text/html;
    server_tokens off;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65s;
    keepalive_requests 100000;
    client_body_temp_path tmp/client_body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    server {
        listen 127.0.0.1:${port};
        root ${root};
        gzip_static on;
        location / { try_files $uri $uri.html =404; }
    }
}
`;
  const s = await runNginx(prefix, text, port, label);
  return { ...s, origin: `http://localhost:${port}`, port };
}

// ---------------------------------------------------------------- HTTP with cookies, sign-in

/** A tiny cookie-keeping HTTP client: redirects are not followed, so each step can be checked. */
export class HttpClient {
  constructor(origin) {
    this.origin = origin;
    this.jar = new Map();
  }
  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  async request(pathOrUrl, init = {}) {
    const url = new URL(pathOrUrl, this.origin);
    const headers = new Headers(init.headers);
    if (this.jar.size) headers.set("cookie", this.cookieHeader());
    const r = await fetch(url, { ...init, headers, redirect: "manual", signal: init.signal ?? AbortSignal.timeout(30_000) });
    for (const c of r.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return r;
  }
}

const decodeHtml = (s) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

/** The newest outbox email to `to` with a subject matching `subject`, read from /dev/outbox (served to loopback). */
export async function readOutbox(origin, to, subject) {
  const r = await fetch(new URL("/dev/outbox", origin), { signal: AbortSignal.timeout(15_000) });
  if (!r.ok) throw new Error(`/dev/outbox answered ${r.status}: is the server in outbox mode?`);
  const html = await r.text();
  for (const item of html.split('data-testid="outbox-email"').slice(1)) {
    const itemTo = /data-testid="outbox-to">([^<]*)</.exec(item)?.[1];
    const itemSubject = decodeHtml(/data-testid="outbox-subject">([^<]*)</.exec(item)?.[1] ?? "");
    if (itemTo === to && subject.test(itemSubject)) return decodeHtml(/data-testid="outbox-text">([\s\S]*?)<\/pre>/.exec(item)?.[1] ?? "");
  }
  return null;
}

/**
 * Signs `email` in over HTTP as Auth.js's email provider does it: CSRF token → POST /api/auth/signin/email →
 * the link from the outbox → GET /api/auth/callback/email. Returns the client holding the session cookie.
 */
export async function signInOverHttp(origin, email) {
  const client = new HttpClient(origin);
  const csrf = await client.request("/api/auth/csrf");
  const { csrfToken } = await csrf.json();
  const body = new URLSearchParams({ email, csrfToken, callbackUrl: `${origin}/` });
  const sent = await client.request("/api/auth/signin/email", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
  await sent.arrayBuffer();
  if (sent.status >= 400) throw new Error(`Sign-in request for ${email} answered ${sent.status}.`);
  let text = null;
  for (let i = 0; i < 40 && !text; i++) {
    text = await readOutbox(origin, email, /Sign in to Attune/);
    if (!text) await sleep(250);
  }
  if (!text) throw new Error(`No sign-in email for ${email} in the outbox.`);
  const link = /https?:\/\/\S+\/signin\/confirm\?\S+/.exec(text)?.[0];
  if (!link) throw new Error(`No confirm link in the sign-in email:\n${text}`);
  const params = new URL(link).searchParams;
  const callback = new URLSearchParams({ token: params.get("token") ?? "", email: params.get("email") ?? "", callbackUrl: "/" });
  const done = await client.request(`/api/auth/callback/email?${callback}`);
  await done.arrayBuffer();
  const session = [...client.jar.keys()].find((k) => /authjs\.session-token$/.test(k));
  if (!session) throw new Error(`Signing in ${email} set no session cookie (callback answered ${done.status} → ${done.headers.get("location")}).`);
  client.sessionCookie = { name: session, value: client.jar.get(session) };
  return client;
}

/** The fake Resend in a process of its own, so that it outlives the instances that are killed. */
export async function startFakeResendProcess(requestsPerSecond = 2) {
  const child = spawn(process.execPath, ["e2e/fakes/resend.mjs", "--port", "0", "--rps", String(requestsPerSecond)], { stdio: ["ignore", "pipe", "inherit"] });
  onCleanup(() => child.kill("SIGKILL"));
  const port = await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", () => reject(new Error("The fake Resend stopped.")));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return { baseUrl, stats: async (domain) => (await fetch(`${baseUrl}/__stats${domain ? `?domain=${domain}` : ""}`)).json() };
}

/** An admin's database session, carried by a cookie jar the browser helpers accept (email goes to the fake, not an outbox). */
export async function adminSession(sql, origin) {
  const id = `bench-admin-${randomBytes(4).toString("hex")}`;
  await sql`insert into users (id, email, role, display_name) values (${id}, ${`${id}@attune.test`}, 'admin', ${`Bench admin ${id.slice(-4)}`})`;
  const token = randomBytes(24).toString("hex");
  await sql`insert into sessions (session_token, user_id, expires) values (${token}, ${id}, now() + interval '1 day')`;
  const client = new HttpClient(origin);
  client.jar.set("authjs.session-token", token);
  return client;
}

// ---------------------------------------------------------------- browser (the real moderation UI)

export async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs,
  });
  onCleanup(() => browser.close());
  return browser;
}

/** A browser page carrying an HTTP-obtained session (see signInOverHttp). */
export async function pageWithSession(browser, origin, client) {
  const context = await browser.newContext({ baseURL: origin });
  const host = new URL(origin).hostname;
  await context.addCookies(
    [...client.jar].map(([name, value]) => ({ name, value, domain: host, path: "/", httpOnly: /session-token/.test(name), sameSite: "Lax" })),
  );
  return context.newPage();
}

/** Approves proposal `id` through the moderation page as a moderator would; returns ms from click to the queue. */
export async function approveInBrowser(page, id) {
  await page.goto(`/moderation/${id}`);
  const button = page.getByRole("button", { name: "Approve and publish" });
  await button.waitFor({ timeout: 30_000 });
  const started = now();
  await Promise.all([page.waitForURL(/\/moderation\?done=approved/, { timeout: 60_000 }), button.click()]);
  return { clickedAt: started, doneAt: now(), ms: now() - started };
}

// ---------------------------------------------------------------- proposals (PostgreSQL runs)

/** A contributor made directly in the database (a proposal's author never needs to sign in here). */
export async function createContributor(sql, label = "writer") {
  const id = `bench-${label}-${randomBytes(4).toString("hex")}`;
  await sql`insert into users (id, email, role, display_name) values (${id}, ${`${id}@example.org`}, 'contributor', ${`Bench ${label} ${id.slice(-4)}`})`;
  return id;
}

/** A pending edit of `slug` that puts `marker` at the start of the lead, based on the current revision. */
export async function insertEditProposal(sql, { slug, authorId, marker, summary = "Benchmark edit" }) {
  const [article] =
    await sql`select a.id, a.current_revision_id, r.source from articles a join revisions r on r.id = a.current_revision_id where a.slug = ${slug}`;
  if (!article) throw new Error(`No article ${slug}`);
  const m = /^---\n[\s\S]*?\n---\n/.exec(article.source);
  if (!m) throw new Error(`${slug}: no front matter`);
  const source = `${m[0]}${marker} ${article.source.slice(m[0].length).replace(/^\s+/, "")}`;
  const [row] =
    await sql`insert into proposals (article_id, base_revision_id, author_id, source, summary) values (${article.id}, ${article.current_revision_id}, ${authorId}, ${source}, ${summary}) returning id`;
  return row.id;
}

export const markerFor = (label) => `Benchmark marker ${label} ${randomBytes(4).toString("hex")}.`;

// ---------------------------------------------------------------- load generation

/**
 * A closed-loop load: `connections` keep-alive connections, each sending its next request as soon as the last
 * answer has been read, for `duration` seconds. Two generators: "node" (default: Node's own HTTP client, whose
 * parser is native; it reads gzipped bodies about 4× faster than autocannon's JavaScript parser, which capped
 * every nginx measurement here at ~3,600 req/s) and "autocannon". `paths` cycles through several paths.
 * Node's client only: `nextPath()`, shared by all connections, gives each request its path instead (a drawn mix, or
 * paths never requested before; undefined ends the run early), and `countHeader` counts the values of one response
 * header (e.g. x-nextjs-cache) in `headerCounts`.
 * Returns requests/s over the run and latency percentiles (ms).
 */
export async function loadTest({ url, connections, duration, headers = {}, paths, nextPath, countHeader, warmup = 0, tool = "node", signal }) {
  const run = tool === "autocannon" ? autocannonRun : nodeRun;
  if (warmup > 0) await run({ url, connections, duration: warmup, headers, paths, nextPath });
  return { tool, ...(await run({ url, connections, duration, headers, paths, nextPath, countHeader, signal })) };
}

/** `signal` (an AbortSignal) ends the load early; `duration` is then the longest it may run. */
async function nodeRun({ url, connections, duration, headers, paths, nextPath, countHeader, signal }) {
  const http = await import("node:http");
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const latencies = [];
  const statusCodes = {};
  let errors = 0;
  let timeouts = 0;
  let bytes = 0;
  const failures = []; // the first few answers that were not 2xx, or errors
  const cacheStatuses = {}; // the edge's X-Cache header: how many requests it sent on to the app
  const headerCounts = {};
  let exhausted = false;
  const once = (p) =>
    new Promise((resolve, reject) => {
      const req = http.get({ host: target.hostname, port: target.port, path: p, agent, headers, timeout: 10_000 }, (res) => {
        let size = 0;
        res.on("data", (c) => (size += c.length));
        res.on("end", () => resolve({ status: res.statusCode, size, cache: res.headers["x-cache"], counted: countHeader && res.headers[countHeader] }));
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
      req.on("error", reject);
    });
  const started = performance.now();
  const end = started + duration * 1000;
  const loop = async (i) => {
    let k = i;
    while (performance.now() < end && !signal?.aborted) {
      const p = nextPath ? nextPath() : paths ? paths[k++ % paths.length] : target.pathname + target.search;
      if (p === undefined) {
        exhausted = true;
        break;
      }
      const t = performance.now();
      try {
        const r = await once(p);
        latencies.push(performance.now() - t);
        statusCodes[r.status] = (statusCodes[r.status] ?? 0) + 1;
        bytes += r.size;
        if (r.cache) cacheStatuses[r.cache] = (cacheStatuses[r.cache] ?? 0) + 1;
        if (countHeader) headerCounts[r.counted ?? "(none)"] = (headerCounts[r.counted ?? "(none)"] ?? 0) + 1;
        if ((r.status < 200 || r.status > 299) && failures.length < 20)
          failures.push({ path: p, status: r.status, atMs: Math.round(performance.now() - started) });
      } catch (error) {
        if (error.code === "TIMEOUT") timeouts++;
        else errors++;
        if (failures.length < 20) failures.push({ path: p, error: error.code ?? error.message, atMs: Math.round(performance.now() - started) });
        await sleep(20); // a refused connection fails at once: do not spin
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, i) => loop(i)));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const pct = (p) => (sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)], 2) : null);
  const total = latencies.length;
  const non2xx = Object.entries(statusCodes).reduce((n, [code, count]) => (code.startsWith("2") ? n : n + count), 0);
  return {
    url,
    connections,
    duration: round(elapsed, 2),
    requests: total,
    rps: Math.round(total / elapsed),
    latency: {
      avg: total ? round(latencies.reduce((a, b) => a + b, 0) / total, 2) : null,
      p50: pct(50),
      p90: pct(90),
      p97_5: pct(97.5),
      p99: pct(99),
      max: total ? round(sorted[total - 1], 2) : null,
    },
    bytesPerRequest: total ? Math.round(bytes / total) : 0,
    non2xx,
    errors,
    timeouts,
    statusCodes,
    failures,
    ...(Object.keys(cacheStatuses).length ? { cacheStatuses } : {}),
    ...(countHeader ? { headerCounts: { [countHeader]: headerCounts } } : {}),
    ...(exhausted ? { exhausted: true } : {}),
  };
}

async function autocannonRun({ url, connections, duration, headers, paths }) {
  const { default: autocannon } = await import("autocannon");
  const requests = paths?.map((p) => ({ method: "GET", path: p }));
  const r = await new Promise((resolve, reject) =>
    autocannon({ url, connections, duration, headers, requests, timeout: 10 }, (err, result) => (err ? reject(err) : resolve(result))),
  );
  return {
    url,
    connections,
    duration: r.duration,
    requests: r.requests.total,
    rps: Math.round(r.requests.total / r.duration),
    latency: { avg: r.latency.average, p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max },
    bytesPerRequest: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
  };
}

export function percentile(values, p) {
  const v = values.filter((x) => typeof x === "number").sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

/** A plain text table for the terminal. */
export function table(rows, columns) {
  const cells = [columns.map((c) => c.label), ...rows.map((r) => columns.map((c) => String(c.value(r) ?? "")))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (columns[i].align === "left" ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export const round = (n, digits = 1) => (typeof n === "number" ? Math.round(n * 10 ** digits) / 10 ** digits : n);
