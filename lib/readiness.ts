// Readiness of this instance (/api/health/ready): ready only after start-up, never while draining, and only while
// the database and, with REDIS_URL, the shared page cache answer. Liveness (/api/health) stays separate.
import { checkDatabase } from "./db/health";
import { env } from "./env";
import { sharedRedisClient } from "./shared-cache.mjs";

export type Phase = "starting" | "ready" | "draining";
export type Readiness = { ready: boolean; phase: Phase; database: boolean; redis: boolean | null; message?: string };

// On globalThis: start-up (instrumentation's bundle) sets it and the route's bundle reads it.
const PHASE = Symbol.for("attune.phase");
type Global = typeof globalThis & { [PHASE]?: Phase };

export function setPhase(phase: Phase): void {
  (globalThis as Global)[PHASE] = phase;
}

export function currentPhase(): Phase {
  return (globalThis as Global)[PHASE] ?? "starting";
}

/** True when Redis answers PING within the timeout; null when there is no Redis to ask. */
export async function checkRedis(timeoutMs = 1000): Promise<boolean | null> {
  if (!env().REDIS_URL) return null;
  const client = sharedRedisClient(env().REDIS_URL);
  if (!client.isReady) return false;
  try {
    await Promise.race([client.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), timeoutMs).unref())]);
    return true;
  } catch {
    return false;
  }
}

export async function readiness(): Promise<Readiness> {
  const phase = currentPhase();
  const [database, redis] = await Promise.all([checkDatabase(), checkRedis()]);
  const ready = phase === "ready" && database && redis !== false;
  const message = ready
    ? undefined
    : phase === "starting"
      ? "This instance is still starting."
      : phase === "draining"
        ? "This instance is shutting down."
        : !database
          ? "The database is not answering."
          : "The shared page cache (Redis) is not answering.";
  return { ready, phase, database, redis, ...(message ? { message } : {}) };
}
