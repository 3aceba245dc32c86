import "server-only";
import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DbHandle } from "./client";

export const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), "drizzle");

// Any fixed number, the same in every instance (the seed's lock is 727274).
const MIGRATION_LOCK = 727273;

export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.kind !== "postgres") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  if (!handle.url) {
    await migratePostgres(handle.db, { migrationsFolder });
    return;
  }
  // A session lock on one connection of its own: instances starting together wait here, and the first one migrates.
  const client = postgres(handle.url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzle(client), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 }); // ending the session releases its lock
  }
}
