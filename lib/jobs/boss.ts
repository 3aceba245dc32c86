// One pg-boss instance per process, on the app's own database: its PGlite instance when embedded (a second
// connection to PGlite would deadlock), or its own pool on PostgreSQL. Kept on globalThis like the db handle.
import "server-only";
import { fromPglite, PgBoss } from "pg-boss";
import { getDbHandle, type DbHandle } from "../db/client";
import { env } from "../env";
import { QUEUE_OPTIONS, QUEUES } from "./queues";

const BOSS = Symbol.for("attune.jobs.boss");
type Global = typeof globalThis & { [BOSS]?: { boss: PgBoss; ready: Promise<PgBoss> } };

export type BossOptions = {
  handle?: DbHandle;
  supervise?: boolean;
  /** How often stale heartbeats and expiries are looked for. */ superviseIntervalSeconds?: number;
};

export function createBoss(handle: DbHandle, options: BossOptions = {}): PgBoss {
  // Maintenance and cron run where jobs are worked; an enqueue-only instance leaves them to the workers.
  // Every 5 s rather than pg-boss's 60 (expiry waits for both timers): a dead instance's send is handed on within heartbeat + 5 s.
  const every = options.superviseIntervalSeconds ?? 5;
  const supervise = options.supervise ?? true;
  // Cron (the nightly dump) is read where jobs are worked, like maintenance.
  const common = { supervise, superviseIntervalSeconds: every, monitorIntervalSeconds: every, schedule: supervise, migrate: true };
  if (handle.kind === "pglite") {
    if (!handle.pglite) throw new Error("The embedded database handle has no PGlite instance for pg-boss.");
    return new PgBoss({ ...common, db: fromPglite(handle.pglite), backend: "pglite" });
  }
  if (!handle.url) throw new Error("The PostgreSQL handle has no URL for pg-boss's pool.");
  return new PgBoss({ ...common, connectionString: handle.url, max: 4, application_name: "attune-jobs" });
}

/** Starts this process's pg-boss (once) and makes sure every queue exists. */
export function startBoss(options: BossOptions = {}): Promise<PgBoss> {
  const g = globalThis as Global;
  if (!g[BOSS]) {
    const boss = createBoss(options.handle ?? getDbHandle(), options);
    boss.on("error", (error: unknown) => console.error("Job queue error:", error instanceof Error ? error.message : error));
    const ready = (async () => {
      await boss.start();
      for (const name of Object.values(QUEUES)) {
        await boss.createQueue(name, QUEUE_OPTIONS[name]).catch(async (error: unknown) => {
          // Two instances creating the same queue at once: the loser finds it there.
          if (!(await boss.getQueue(name))) throw error;
        });
        // A queue made by an earlier release keeps its old retry and heartbeat settings unless they are applied
        // again (its policy cannot change in place: a new policy needs a new queue name).
        const { policy, ...settings } = QUEUE_OPTIONS[name];
        void policy;
        await boss.updateQueue(name, settings);
        // Loads the queue into pg-boss's cache now: an enqueue inside a PGlite transaction must not query outside it.
        await boss.findJobs(name, { limit: 1 });
      }
      return boss;
    })();
    g[BOSS] = { boss, ready };
    ready.catch(() => {
      if (g[BOSS]?.boss === boss) g[BOSS] = undefined;
    });
  }
  return g[BOSS].ready;
}

/** The started instance, for enqueueing. Start-up (or a test) must have called startBoss first. */
export function getBoss(): PgBoss {
  const entry = (globalThis as Global)[BOSS];
  if (!entry) throw new Error("The job queue is not started: call startJobs() at server start-up (lib/startup.ts).");
  return entry.boss;
}

/** Stops taking jobs, waits up to `timeoutMs` for running ones, and closes pg-boss's pool. */
export async function stopBoss(timeoutMs = env().JOBS_STOP_TIMEOUT_MS): Promise<void> {
  const g = globalThis as Global;
  const entry = g[BOSS];
  g[BOSS] = undefined;
  if (!entry) return;
  await entry.ready.catch(() => undefined);
  await entry.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
}
