// Graceful shutdown on SIGTERM/SIGINT: stop taking requests, finish those in flight (bounded), then close the
// job worker, Redis and the database (which releases the PGlite lock), and exit.
import "server-only";
import type http from "node:http";
import { closeDb } from "./db/client";
import { setPhase } from "./readiness";
import { closeSharedRedisClient } from "./shared-cache.mjs";
import { stopJobs } from "./jobs/runner";

const servers = new Set<http.Server>();
let inFlight = 0;
let draining = false;
const idleWaiters = new Set<() => void>();

/** Counts a request until its response is done; while draining, its connection closes after it. */
export function trackRequest(server: http.Server, res: http.ServerResponse): void {
  servers.add(server);
  inFlight += 1;
  if (draining && !res.headersSent) res.setHeader("connection", "close");
  res.once("close", () => {
    inFlight -= 1;
    if (inFlight === 0) for (const wake of idleWaiters) wake();
  });
}

export function requestsInFlight(): number {
  return inFlight;
}

/** Resolves when no request is in flight, or after `timeoutMs`; true when all finished. */
export function waitForIdle(timeoutMs: number): Promise<boolean> {
  if (inFlight === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (finished: boolean) => {
      clearTimeout(timer);
      idleWaiters.delete(wake);
      resolve(finished);
    };
    const wake = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    idleWaiters.add(wake);
  });
}

export async function shutDown(signal: string, timeoutMs: number): Promise<void> {
  if (draining) return;
  draining = true;
  setPhase("draining");
  console.log(`${signal}: no new requests; finishing ${inFlight} in flight (at most ${timeoutMs / 1000} s).`);
  for (const server of servers) {
    server.close();
    server.closeIdleConnections();
  }
  const finished = await waitForIdle(timeoutMs);
  if (!finished) console.warn(`Stopping with ${inFlight} requests unfinished after ${timeoutMs / 1000} s.`);
  // No new jobs are taken; running ones get JOBS_STOP_TIMEOUT_MS, and one cut short is retried by another instance.
  await stopJobs().catch((error: unknown) => console.error("The job queue did not stop cleanly:", error instanceof Error ? error.message : error));
  await Promise.allSettled([closeSharedRedisClient(), closeDb()]);
  console.log("Stopped cleanly.");
}

/** Installs the handlers once. Next's own handler (without NEXT_MANUAL_SIG_HANDLE) would exit first: hold its exit back. */
export function installShutdown(timeoutMs: number): void {
  const exit = process.exit.bind(process);
  let held: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    process.exit = ((code?: number) => {
      held ??= code;
    }) as typeof process.exit;
    void shutDown(signal, timeoutMs)
      .catch((error: unknown) => console.error("Shutdown failed:", error instanceof Error ? error.message : error))
      .finally(() => exit(held ?? 0));
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
