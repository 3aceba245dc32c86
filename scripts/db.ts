// npm run db:migrate | db:seed | db:reset — for a stopped server (embedded) or for PostgreSQL.
import { rmSync } from "node:fs";
import path from "node:path";
import { closeDb, getDbHandle } from "../lib/db/client";
import { lockPathFor } from "../lib/db/lock";
import { migrateDatabase } from "../lib/db/migrate";
import { seedIfEmpty } from "../lib/seed";
import { indexArticlesMissingShingles } from "../lib/articles/shingle-index";
import { env } from "../lib/env";

async function main(command: string | undefined) {
  const e = env();
  if (command === "reset") {
    if (e.DATABASE_URL) {
      console.error("db:reset only deletes the embedded database. For PostgreSQL, drop and recreate the database yourself.");
      process.exit(1);
    }
    getDbHandle(); // takes the lock, so a running server makes this fail instead of corrupting its data
    await closeDb();
    rmSync(path.resolve(e.PGLITE_DIR), { recursive: true, force: true });
    rmSync(lockPathFor(e.PGLITE_DIR), { force: true });
    console.log(`Deleted ${e.PGLITE_DIR}.`);
  }
  if (command !== "migrate" && command !== "seed" && command !== "reset") {
    console.error("Usage: tsx scripts/db.ts migrate|seed|reset");
    process.exit(2);
  }
  const handle = getDbHandle();
  await migrateDatabase(handle);
  console.log(`Migrated the ${handle.kind === "postgres" ? "PostgreSQL" : "embedded"} database.`);
  if (command !== "migrate") {
    const n = await seedIfEmpty(handle.db);
    console.log(n > 0 ? `Seeded ${n} articles.` : "The database already has articles; the seed was not applied.");
  }
  // What the server does at start-up too: articles published before the shingle index existed get their shingles.
  await indexArticlesMissingShingles(handle.db);
  await closeDb();
}

main(process.argv[2]).catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await closeDb().catch(() => {});
  process.exit(1);
});
