import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { DbHandle } from "./client";

export const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), "drizzle");

export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.kind === "postgres") await migratePostgres(handle.db, { migrationsFolder });
  else await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
}
