// npm run worker: works the job queue and nothing else. For PostgreSQL with WORKER=separate (the web instances then
// only enqueue); on the embedded database the server works its own jobs, since one process holds the database.
import { closeDb, getDbHandle } from "../lib/db/client";
import { env } from "../lib/env";
import { startJobs, stopJobs } from "../lib/jobs/runner";

async function main() {
  const e = env();
  if (!e.DATABASE_URL) {
    console.error("npm run worker needs PostgreSQL (DATABASE_URL). On the embedded database the server works its jobs itself.");
    process.exit(1);
  }
  const handle = getDbHandle();
  await startJobs({ handle, work: true });
  console.log("Worker ready: donation receipts, moderation notices, newsletter sends and the nightly dump.");
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing the jobs in hand (at most ${e.JOBS_STOP_TIMEOUT_MS} ms)…`);
    await stopJobs();
    await closeDb();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("The worker could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
