// The nightly dump as a job: whichever instance works the queue writes it into the shared DUMPS_DIR.
import "server-only";
import { getDb } from "../db/client";
import { env } from "../env";
import { generateDumps } from "./generate";

/** When the dump is made: 03:00 UTC every night (cron, read by pg-boss in UTC). */
export const DUMPS_CRON = "0 3 * * *";

/** Writes a dump of every article now (the job's handler and `npm run dumps:generate`). */
export async function runDumps() {
  const e = env();
  const manifest = await generateDumps(getDb(), { dir: e.DUMPS_DIR, siteUrl: e.SITE_URL, siteName: e.SITE_NAME });
  return { generation: manifest.generation, articles: manifest.articles };
}
