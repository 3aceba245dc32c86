// npm run db:rerender [-- --jobs 2]: after a change of RENDERER_VERSION or IMAGE_HOSTS, renders every article's current
// revision that has no rendering for them yet, ahead of readers (pages otherwise render each one lazily on its first
// read). On the configured database (DATABASE_URL, else the embedded one); on PostgreSQL --jobs processes share the
// articles by id. Then fills the evidence line of articles stored before it existed. Safe to run beside the app and to
// stop at any point.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { fillMissingEvidence } from "../lib/articles/evidence-backfill";
import { RENDERER_VERSION, renderRevisionSource, renderSettingsKey, storeRendering } from "../lib/articles/parser-cache";
import { closeDb, getDbHandle, openDatabase, type Db } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { articles, renderedRevisions, revisions } from "../lib/db/schema";

const BATCH = 200;

/** Renders the missing renderings of articles whose id ≡ part (mod parts); returns how many it rendered. */
async function renderMissing(db: Db, part: number, parts: number, onBatch: (n: number) => void): Promise<number> {
  let after = 0;
  let done = 0;
  for (;;) {
    const rows = await db
      .select({ id: articles.id, revisionId: revisions.id, source: revisions.source })
      .from(articles)
      .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
      .where(
        and(
          gt(articles.id, after),
          sql`${articles.id} % ${parts} = ${part}`,
          sql`not exists (select 1 from ${renderedRevisions} r where r.revision_id = ${revisions.id}
                and r.renderer_version = ${RENDERER_VERSION} and r.settings_key = ${renderSettingsKey()})`,
        ),
      )
      .orderBy(asc(articles.id))
      .limit(BATCH);
    if (rows.length === 0) return done;
    for (const row of rows) await storeRendering(db, row.revisionId, await renderRevisionSource(row.revisionId, row.source));
    done += rows.length;
    after = rows[rows.length - 1].id;
    onBatch(done);
  }
}

async function main() {
  const { values } = parseArgs({ options: { jobs: { type: "string" }, part: { type: "string" } }, strict: true });
  if (values.part) {
    // A child: "k/N".
    const [k, n] = values.part.split("/").map(Number);
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("A child needs DATABASE_URL.");
    const handle = openDatabase({ url, poolMax: 2 });
    await renderMissing(handle.db, k, n, (done) => process.send?.(done));
    await handle.close();
    return;
  }
  const started = performance.now();
  const handle = getDbHandle();
  await migrateDatabase(handle);
  const jobs = handle.kind === "postgres" ? Math.max(1, Number(values.jobs ?? 1)) : 1;
  const counts = new Array<number>(jobs).fill(0);
  let last = 0;
  const report = (k: number, n: number) => {
    counts[k] = n;
    if (performance.now() - last > 5000) {
      last = performance.now();
      console.log(`  ${counts.reduce((a, b) => a + b, 0)} rendered`);
    }
  };
  if (jobs === 1) await renderMissing(handle.db, 0, 1, (n) => report(0, n));
  else
    await Promise.all(
      Array.from(
        { length: jobs },
        (_, k) =>
          new Promise<void>((resolve, reject) => {
            const child = fork(fileURLToPath(import.meta.url), ["--part", `${k}/${jobs}`], { stdio: "inherit" });
            child.on("message", (n: number) => report(k, n));
            child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`Job ${k + 1} failed (exit ${code}).`))));
          }),
      ),
    );
  const total = counts.reduce((a, b) => a + b, 0);
  console.log(`Rendered ${total} revisions for renderer ${RENDERER_VERSION} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  // Articles stored before the evidence line existed get it now (their pages computed it on read until then).
  const filled = await fillMissingEvidence(handle.db);
  if (filled > 0) console.log(`Filled the evidence line of ${filled} articles.`);
  await closeDb();
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await closeDb().catch(() => {});
  process.exit(1);
});
