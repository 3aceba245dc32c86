// npm run dumps:generate: writes a dump of every article now (what the nightly job does), into DUMPS_DIR. On
// PostgreSQL it runs beside the app; the embedded database is held by a running server, so stop it first (the
// lock says so) or leave it to the server's own nightly job.
import { closeDb } from "../lib/db/client";
import { runDumps } from "../lib/dumps/job";
import { env } from "../lib/env";

async function main() {
  const started = Date.now();
  const result = await runDumps();
  console.log(`Dump ${result.generation}: ${result.articles} articles written to ${env().DUMPS_DIR} in ${Date.now() - started} ms.`);
  await closeDb();
}

main().catch(async (error: unknown) => {
  console.error("The dump could not be made:", error instanceof Error ? error.message : error);
  await closeDb().catch(() => undefined);
  process.exit(1);
});
