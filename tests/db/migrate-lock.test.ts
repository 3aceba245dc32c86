// Several instances starting at once on an empty PostgreSQL database: exactly one migrates, the others wait.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { adminUrlFor } from "../support/db";

const serverUrl = process.env.TEST_DATABASE_URL;

// PGlite has one process per folder (lib/db/lock.ts), so the race exists only on PostgreSQL.
describe.skipIf(!serverUrl)("migrations under concurrent start-up", () => {
  const name = `attune_test_migrate_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const handles: DbHandle[] = [];

  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()));
    const admin = postgres(adminUrlFor(serverUrl!), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it("three instances migrating an empty database together all succeed and apply each migration once", async () => {
    const admin = postgres(adminUrlFor(serverUrl!), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    for (let i = 0; i < 3; i++) handles.push(openDatabase({ url: adminUrlFor(serverUrl!, name), poolMax: 2 }));

    const results = await Promise.allSettled(handles.map((h) => migrateDatabase(h)));
    expect(results.map((r) => (r.status === "rejected" ? String((r.reason as Error).cause ?? r.reason) : "ok"))).toEqual(["ok", "ok", "ok"]);

    const check = postgres(adminUrlFor(serverUrl!, name), { max: 1, onnotice: () => {} });
    const [{ n }] = await check<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const [{ distinct }] = await check<{ distinct: number }[]>`select count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`;
    await check.end();
    expect(n).toBeGreaterThan(0);
    expect(distinct).toBe(n);
  });
});
