import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "./client";

/** True when the database answers a trivial query within the timeout. */
export async function checkDatabase(timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
    });
    await Promise.race([getDb().execute(sql`select 1`), timeout]);
    return true;
  } catch (error) {
    console.error("Health check failed:", error instanceof Error ? error.message : error);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
