// When watchlist sweeps run: after each approval, once its batching window has passed, and every WATCH_SWEEP_SECONDS
// on each working instance (singletonSeconds keeps that to one queued sweep per period across instances; the
// queue's singleton policy lets only one run at a time).
import "server-only";
import type { PgBoss } from "pg-boss";
import type { Tx } from "../db/client";
import { env } from "../env";
import { enqueue } from "../jobs/enqueue";
import { QUEUES } from "../jobs/queues";

const TIMER = Symbol.for("attune.watch.sweeps");
type Global = typeof globalThis & { [TIMER]?: ReturnType<typeof setInterval> };

/** In the approval's transaction: a sweep once the batching window of this change has passed. */
export async function queueWatchSweepAfterChange(tx: Tx): Promise<void> {
  const seconds = env().WATCH_BATCH_MINUTES * 60 + 5;
  await enqueue(tx, QUEUES.watch, { sweep: true }, { startAfter: seconds });
}

export function startWatchSweeps(boss: PgBoss): void {
  const g = globalThis as Global;
  if (g[TIMER]) return;
  const every = env().WATCH_SWEEP_SECONDS;
  const tick = () =>
    void boss.send(QUEUES.watch, { sweep: true }, { singletonSeconds: every }).catch((error: unknown) => {
      console.error("Could not queue the watchlist sweep:", error instanceof Error ? error.message : error);
    });
  g[TIMER] = setInterval(tick, every * 1000);
  g[TIMER].unref?.();
}

export function stopWatchSweeps(): void {
  const g = globalThis as Global;
  if (g[TIMER]) clearInterval(g[TIMER]);
  g[TIMER] = undefined;
}
