// One database handle per process: PostgreSQL (postgres.js) when DATABASE_URL is set, embedded PGlite otherwise.
// Opened lazily on first use, never at import time, so `next build` needs no database.
import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "../env";
import { acquireDataDirLock } from "./lock";
import * as schema from "./schema";

// Both drivers expose the same query builder; we type them as one so callers need not care.
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbKind = "postgres" | "pglite";

export type DbHandle = {
  db: Db;
  kind: DbKind;
  /** The PGlite instance, for tests that clone a migrated template (and pg-boss on the embedded database). */
  pglite?: PGlite;
  /** The PostgreSQL URL: for work that needs a connection of its own (the migration lock) and for pg-boss's own pool. */
  url?: string;
  close: () => Promise<void>;
};

export type OpenOptions = { url?: string; dataDir?: string; memory?: boolean; pglite?: PGlite; poolMax?: number };

export function pgliteExtensions() {
  return { pg_trgm };
}

export function openDatabase(options: OpenOptions): DbHandle {
  if (options.url) {
    const client = postgres(options.url, { max: options.poolMax ?? 10, onnotice: () => {}, connect_timeout: 5, idle_timeout: 30 });
    return { db: drizzlePostgres(client, { schema }), kind: "postgres", url: options.url, close: () => client.end({ timeout: 5 }) };
  }
  if (options.pglite || options.memory) {
    const client = options.pglite ?? new PGlite({ extensions: pgliteExtensions() });
    return { db: drizzlePglite(client, { schema }) as unknown as Db, kind: "pglite", pglite: client, close: () => client.close() };
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ options.dataDir ?? ".data/pglite");
  const release = acquireDataDirLock(dataDir);
  try {
    mkdirSync(dataDir, { recursive: true }); // PGlite does not create parent folders
    const client = new PGlite(dataDir, { extensions: pgliteExtensions() });
    return {
      db: drizzlePglite(client, { schema }) as unknown as Db,
      kind: "pglite",
      pglite: client,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

// Kept on globalThis: Next bundles this module more than once per process (instrumentation, routes),
// and a second PGlite on the same folder would corrupt it.
const HANDLE = Symbol.for("attune.db.handle");
type Global = typeof globalThis & { [HANDLE]?: DbHandle };

export function getDbHandle(): DbHandle {
  const g = globalThis as Global;
  if (!g[HANDLE]) {
    const e = env();
    if (e.NEXT_PHASE === "phase-production-build") {
      throw new Error("Nothing may read the database during `next build`: render database pages on request (DESIGN §5).");
    }
    g[HANDLE] = openDatabase(e.DATABASE_URL ? { url: e.DATABASE_URL, poolMax: e.DB_POOL_MAX } : { dataDir: e.PGLITE_DIR });
  }
  return g[HANDLE];
}

export function getDb(): Db {
  return getDbHandle().db;
}

/** Replaces the process-wide handle (tests) or clears it after closing. */
export function setDbHandle(handle: DbHandle | undefined): void {
  (globalThis as Global)[HANDLE] = handle;
}

export async function closeDb(): Promise<void> {
  const g = globalThis as Global;
  const handle = g[HANDLE];
  g[HANDLE] = undefined;
  await handle?.close();
}

/** Rows of a raw `db.execute()` result, whichever driver ran it. */
/** A unique constraint refused the write (PostgreSQL 23505; drizzle may wrap the driver's error as its cause). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === "23505" || e?.cause?.code === "23505";
}

export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
