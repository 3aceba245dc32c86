// Starts the production build (`next start`) for the Playwright journeys on a database of its own:
// a fresh embedded folder, or a new database on the PostgreSQL server named by TEST_DATABASE_URL.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startFakeStripe } from "../e2e/fakes/stripe.mjs";

const port = process.env.E2E_PORT ?? "3100";
if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
// unstable_cache entries survive between runs and would serve another database's content.
rmSync(".next/cache/fetch-cache", { recursive: true, force: true });
// Rendered pages are kept on disk too and would be served as fresh after a restart.
rmSync(".next/server/route-cache", { recursive: true, force: true });

const env = {
  ...process.env,
  NODE_ENV: "production",
  SITE_URL: `http://localhost:${port}`,
  AUTH_URL: `http://localhost:${port}`,
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-not-for-production-0123456789",
  EMAIL_TRANSPORT: "outbox",
  ADMIN_EMAILS: process.env.ADMIN_EMAILS ?? "admin@attune.test",
  RATE_LIMIT_SIGNIN_PER_HOUR: process.env.RATE_LIMIT_SIGNIN_PER_HOUR ?? "1000",
  RATE_LIMIT_SIGNIN_PER_IP_PER_HOUR: process.env.RATE_LIMIT_SIGNIN_PER_IP_PER_HOUR ?? "1000",
  RATE_LIMIT_PROPOSALS_PER_HOUR: process.env.RATE_LIMIT_PROPOSALS_PER_HOUR ?? "1000",
  RATE_LIMIT_DONATE_PER_HOUR: process.env.RATE_LIMIT_DONATE_PER_HOUR ?? "1000",
  RATE_LIMIT_SUBSCRIBE_PER_HOUR: process.env.RATE_LIMIT_SUBSCRIBE_PER_HOUR ?? "1000",
  // Watchlist change emails go at the next sweep (a few seconds after an approval) instead of after an hour.
  WATCH_BATCH_MINUTES: process.env.WATCH_BATCH_MINUTES ?? "0",
};

let cleanup = async () => {};
if (process.env.TEST_DATABASE_URL) {
  const name = `attune_e2e_${Date.now()}`;
  const adminUrl = new URL(process.env.TEST_DATABASE_URL);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const dbUrl = new URL(process.env.TEST_DATABASE_URL);
  dbUrl.pathname = `/${name}`;
  env.DATABASE_URL = dbUrl.toString();
  cleanup = async () => {
    const a = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
    await a.end();
  };
  console.log(`e2e: PostgreSQL database ${name}`);
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), "attune-e2e-"));
  env.PGLITE_DIR = path.join(dir, "pglite");
  delete env.DATABASE_URL;
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
  console.log(`e2e: embedded database in ${env.PGLITE_DIR}`);
}

// The donation journeys talk to a local fake Stripe (the official SDK pointed at it), never to Stripe.
const webhookSecret = "whsec_e2e_only_secret";
const fake = await startFakeStripe({ appUrl: env.SITE_URL, webhookSecret });
Object.assign(env, {
  STRIPE_SECRET_KEY: "sk_test_e2e_fake",
  STRIPE_WEBHOOK_SECRET: webhookSecret,
  STRIPE_API_HOST: "127.0.0.1",
  STRIPE_API_PORT: String(fake.port),
  STRIPE_API_PROTOCOL: "http",
});
const previous = cleanup;
cleanup = async () => {
  await fake.close();
  await previous();
};
console.log(`e2e: fake Stripe on port ${fake.port}`);

// Spawn next's own binary (not npx) so that stopping it frees the port.
const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "localhost", "-p", port], { env, stdio: "inherit" });
let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  server.kill("SIGTERM");
  await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
  await cleanup();
  process.exit(code);
};
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
server.on("exit", (code) => {
  if (!stopping) cleanup().finally(() => process.exit(code ?? 1));
});
