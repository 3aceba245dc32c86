// What the shared page cache (Redis, cache-handler.mjs) keeps and under which keys. Plain JavaScript:
// Next loads the cache handler with Node's own import, outside its bundles.
import { createHash } from "node:crypto";
import path from "node:path";
import { createClient } from "redis";

/**
 * The key prefix: the build and the database, so a new build or another database never reads this one's pages.
 * @param {{ buildId: string | undefined, databaseUrl?: string, pgliteDir?: string }} where
 */
export function sharedCacheKeyPrefix({ buildId, databaseUrl, pgliteDir }) {
  if (!buildId) throw new Error("The shared page cache needs the build id (.next/BUILD_ID): run `npm run build` first.");
  let database;
  if (databaseUrl) {
    // Host, port and database name identify the data; the password does not belong in a key.
    const u = new URL(databaseUrl);
    database = `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } else {
    database = `pglite:${path.resolve(pgliteDir ?? ".data/pglite")}`;
  }
  const databaseHash = createHash("sha256").update(database).digest("hex").slice(0, 12);
  return `attune:${buildId.trim()}:${databaseHash}:`;
}

/**
 * Whether an entry goes to the shared cache. A page for a missing article (404) and the empty lookups behind it
 * (lib/articles/queries.ts: null, or { kind: "missing" }) are not kept: a flood of random /wiki/<slug> would
 * otherwise add a key and a tag-index field per slug, and the tag index is never evicted.
 * @param {unknown} value the entry Next hands the cache handler
 */
export function isKeptInSharedCache(value) {
  const v = /** @type {{ kind?: string, status?: number, data?: { body?: unknown } } | null} */ (value);
  if (!v) return true;
  if (v.kind === "APP_PAGE" || v.kind === "APP_ROUTE") return v.status !== 404;
  if (v.kind === "FETCH") {
    const body = v.data?.body;
    if (typeof body !== "string") return true;
    if (body === "null") return false;
    try {
      return JSON.parse(body)?.kind !== "missing";
    } catch {
      return true;
    }
  }
  return true;
}

// One client per process, on globalThis: the cache handler (loaded outside Next's bundles) and lib/readiness.ts share it.
const CLIENT = Symbol.for("attune.redis.client");

/** The process's Redis client for the shared page cache, connecting (and reconnecting) in the background. */
export function sharedRedisClient(url = process.env.REDIS_URL) {
  const g = /** @type {Record<symbol, any>} */ (globalThis);
  g[CLIENT] ??= (() => {
    const client = createClient({
      url,
      // Fail at once while disconnected instead of queueing: a page then renders uncached and never waits.
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
    });
    let down = false;
    client.on("error", (error) => {
      if (!down)
        console.error(`Redis (shared page cache) is unreachable: ${error?.message ?? error}. Pages are rendered uncached; /api/health/ready answers 503.`);
      down = true;
    });
    client.on("ready", () => {
      if (down) console.log("Redis (shared page cache) is reachable again.");
      down = false;
    });
    client.connect().catch(() => {}); // reconnectStrategy keeps trying; the error handler reports it
    return client;
  })();
  return g[CLIENT];
}

/** Closes the process's Redis client, if one was made (graceful shutdown). */
export async function closeSharedRedisClient() {
  const g = /** @type {Record<symbol, any>} */ (globalThis);
  const client = g[CLIENT];
  g[CLIENT] = undefined;
  if (client?.isOpen) await client.close().catch(() => client.destroy());
  else client?.destroy?.();
}
