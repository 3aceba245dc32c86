// Server start-up (called from instrumentation.ts): configuration, client addresses, migrations, seed.
import "server-only";
import http from "node:http";
import { getDbHandle } from "./db/client";
import { migrateDatabase } from "./db/migrate";
import { seedIfEmpty } from "./seed";
import { indexArticlesMissingShingles } from "./articles/shingle-index";
import { fillMissingEvidence, STARTUP_EVIDENCE_ROWS } from "./articles/evidence-backfill";
import { env } from "./env";
import { resumeInterruptedSends } from "./newsletter/send";
import { startJobs } from "./jobs/runner";
import { getBoss } from "./jobs/boss";
import { QUEUES } from "./jobs/queues";
import { CLIENT_IP_HEADER, clientAddressOf, normaliseAddress, SOCKET_IP_HEADER } from "./client-address";
import { applySecurityHeaders } from "./security-headers";
import { warmRenderPool } from "./articles/render-pool";
import { setPhase } from "./readiness";
import { sharedRedisClient } from "./shared-cache.mjs";
import { installShutdown, trackRequest } from "./shutdown";
import { suggestIndex } from "./articles/suggest-index";

const STARTED = Symbol.for("attune.started");

const UNREADABLE_ADDRESS_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>That address could not be read · Attune</title>
<main><h1>That address could not be read</h1><p>This address is not valid: it has characters in it that do not make up a web address. Check where the link came from, or <a href="/search">search Attune</a>.</p><p><a href="/">Attune home</a></p></main></html>`;

/** Whether a request's path decodes as UTF-8 (its query string is Next's to read leniently). */
export function isReadablePath(url: string | undefined): boolean {
  const path = (url ?? "/").split("?")[0];
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

// App Router handlers cannot see the socket, and Next passes a client's own X-Forwarded-For through,
// so we stamp the real client address on each request before Next sees it.
function stampClientAddresses(trustedProxies: readonly string[]) {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      const socket = req.socket?.remoteAddress;
      req.headers[SOCKET_IP_HEADER] = socket ? normaliseAddress(socket) : "unknown";
      req.headers[CLIENT_IP_HEADER] = clientAddressOf(req.headers["x-forwarded-for"], socket, trustedProxies);
      const res = args[1] as http.ServerResponse;
      trackRequest(this, res);
      applySecurityHeaders(res);
      // Next answers an address that is not valid UTF-8 with a bare 500 before any route runs: answer it here, in words.
      if (!isReadablePath(req.url)) {
        res.writeHead(400, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(UNREADABLE_ADDRESS_PAGE);
        return true;
      }
    }
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}

export async function startServer(): Promise<void> {
  const g = globalThis as { [STARTED]?: Promise<void> };
  g[STARTED] ??= (async () => {
    const e = env(); // a bad variable stops start-up here, naming it
    setPhase("starting");
    stampClientAddresses(e.TRUSTED_PROXY);
    installShutdown(e.SHUTDOWN_TIMEOUT_MS);
    if (e.REDIS_URL) sharedRedisClient(e.REDIS_URL); // connect now, so readiness can answer before the first page
    if (e.isProductionStart && !e.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY) {
      console.log(
        "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not set: this build's own key is used, so every instance must run this same build (`npm run generate:secrets` prints a key).",
      );
    }
    if (e.EMAIL_TRANSPORT === "outbox") {
      console.warn(
        "⚠ Email outbox mode: emails (sign-in links included) are stored and shown at /dev/outbox to local visitors. Never use it on a public server.",
      );
    }
    const handle = getDbHandle();
    await migrateDatabase(handle);
    if (!e.SKIP_SEED) {
      const seeded = await seedIfEmpty(handle.db);
      if (seeded > 0) console.log(`Seeded ${seeded} articles.`);
    }
    // Articles published before the shingle index existed (publishing keeps it current from then on).
    await indexArticlesMissingShingles(handle.db);
    // And before the evidence line existed (bounded here; `npm run db:rerender` fills the rest).
    await fillMissingEvidence(handle.db, { max: STARTUP_EVIDENCE_ROWS });
    // Deferred work is pg-boss jobs (lib/jobs); a send whose job gave up, and receipts still owed, get a job again now.
    await startJobs({ handle });
    const resumed = await resumeInterruptedSends(handle.db);
    if (resumed.length > 0) console.log(`Newsletter sends in progress: ${resumed.join(", ")}.`);
    await getBoss().send(QUEUES.receipts, { owed: true }, { singletonKey: "owed", singletonSeconds: 60 });
    warmRenderPool();
    // The type-ahead's names, read in the background: ready before the first keystroke (the database answers until then).
    void suggestIndex(handle.db);
    setPhase("ready");
    console.log(`Database ready (${handle.kind === "postgres" ? "PostgreSQL" : `embedded, ${e.PGLITE_DIR}`}).`);
  })();
  await g[STARTED];
}
