// Working the queues: every instance on PostgreSQL unless WORKER=separate (then `npm run worker` alone), and always
// in-process on the embedded database. Exports the start and stop that start-up and the SIGTERM handler call.
import "server-only";
import type { PgBoss } from "pg-boss";
import { getDbHandle, type DbHandle } from "../db/client";
import { env } from "../env";
import { DUMPS_CRON } from "../dumps/job";
import { startBoss, stopBoss } from "./boss";
import { RetryLater, runJob } from "./handlers";
import { QUEUES, type QueueName } from "./queues";
import { startWatchSweeps, stopWatchSweeps } from "../watch/jobs";

const WORKING = Symbol.for("attune.jobs.working");

export type StartJobsOptions = { handle?: DbHandle; /** Work jobs here (default: as WORKER and the database say). */ work?: boolean };

/** Whether this process works jobs when nothing says otherwise. */
export function worksJobsHere(handle: DbHandle): boolean {
  return handle.kind === "pglite" || env().WORKER !== "separate";
}

async function workQueue(boss: PgBoss, name: QueueName): Promise<void> {
  const e = env();
  // Sends are long: one per instance at a time, so the others' workers and the mail ahead of them keep moving.
  const localConcurrency = name === QUEUES.newsletter ? 1 : 2;
  await boss.work(name, { pollingIntervalSeconds: e.JOBS_POLL_SECONDS, batchSize: 1, localConcurrency }, async ([job]) => {
    try {
      return await runJob(name, job as never);
    } catch (error) {
      if (!(error instanceof RetryLater)) console.error(`Job ${name} ${job.id} failed and will be retried:`, error);
      throw error;
    }
  });
}

/** Starts this process's job queue and, where it should, its workers. Safe to call twice. */
export async function startJobs(options: StartJobsOptions = {}): Promise<PgBoss> {
  const handle = options.handle ?? getDbHandle();
  const work = options.work ?? worksJobsHere(handle);
  const boss = await startBoss({ handle, supervise: work });
  const g = globalThis as { [WORKING]?: boolean };
  if (work && !g[WORKING]) {
    g[WORKING] = true;
    for (const name of Object.values(QUEUES)) await workQueue(boss, name);
    // The nightly dump: a schedule is one row per queue, so every worker setting it leaves one schedule.
    await boss.schedule(QUEUES.dumps, DUMPS_CRON, {}, { tz: "UTC" });
    startWatchSweeps(boss);
  }
  return boss;
}
/** Stops taking jobs, lets running ones finish (bounded by JOBS_STOP_TIMEOUT_MS) and closes the queue's pool. */
export async function stopJobs(): Promise<void> {
  (globalThis as { [WORKING]?: boolean })[WORKING] = false;
  stopWatchSweeps();
  await stopBoss();
}
