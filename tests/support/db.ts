// A fresh, migrated database per test file: an in-memory PGlite cloned from a migrated template,
// or, when TEST_DATABASE_URL is set, a new database on that PostgreSQL server, dropped afterwards.
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { openDatabase, pgliteExtensions, setDbHandle, type DbHandle } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { createBoss } from "@/lib/jobs/boss";
import { startJobs, stopJobs } from "@/lib/jobs/runner";

let template: Promise<PGlite> | undefined;

async function migratedTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const pg = new PGlite({ extensions: pgliteExtensions() });
    const handle = openDatabase({ pglite: pg });
    await migrateDatabase(handle);
    // pg-boss's schema is made once here, so every clone starts its queue in a moment.
    const boss = createBoss(handle, { supervise: false });
    await boss.start();
    await boss.stop({ graceful: false, close: true });
    return pg;
  })();
  return template;
}

export function adminUrlFor(url: string, database = "postgres"): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<DbHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let handle: DbHandle;
  if (serverUrl) {
    const name = `attune_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
    const admin = postgres(adminUrlFor(serverUrl), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const opened = openDatabase({ url: adminUrlFor(serverUrl, name), poolMax: 10 });
    await migrateDatabase(opened);
    handle = {
      ...opened,
      close: async () => {
        await stopJobs();
        await opened.close();
        const a = postgres(adminUrlFor(serverUrl), { max: 1, onnotice: () => {} });
        await a.unsafe(`drop database if exists "${name}" with (force)`);
        await a.end();
      },
    };
  } else {
    const pg = (await (await migratedTemplate()).clone()) as PGlite;
    const opened = openDatabase({ pglite: pg });
    handle = {
      ...opened,
      close: async () => {
        await stopJobs();
        await opened.close();
      },
    };
  }
  setDbHandle(handle);
  // Enqueue-only: a test works jobs itself (tests/support/jobs.ts), so nothing runs behind its back.
  await startJobs({ handle, work: false });
  return handle;
}
