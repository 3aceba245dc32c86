// npm run db:generate-corpus -- --articles 100000 [--seed 1] [--words 800] [--jobs 2]
// Writes generated articles (lib/articles/corpus.ts) into the database the app would use (DATABASE_URL, else PGlite at
// PGLITE_DIR) through the ordinary publish path (lib/seed/corpus-load.ts): migrates, seeds the real articles if the
// database is empty, adds the generated articles that are missing (so an interrupted load resumes), then VACUUM ANALYZE.
// On PostgreSQL, --jobs child processes each publish a disjoint share (rendering Markdown is the cost); the embedded
// database takes one process. Never part of the seed or of start-up.
import { fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_CORPUS_WORDS, type CorpusOptions } from "../lib/articles/corpus";
import { closeDb, getDbHandle, openDatabase } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { analyzeCorpus, CorpusRefusal, planCorpusLoad, prepareCorpusDatabase, publishCorpusArticles } from "../lib/seed/corpus-load";

const PROGRESS_EVERY_MS = 5000;

type ChildTask = { url: string; indexes: number[]; options: CorpusOptions };
type ChildReport = { written: number } | { error: string };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const clock = (s: number) => {
  const whole = Math.round(s);
  return Number.isFinite(whole) ? `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}` : "?";
};

function integerOption(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new CorpusRefusal(`--${name} is required (e.g. --${name} 100000).`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n)) throw new CorpusRefusal(`--${name} must be a whole number, not "${value}".`);
  return n;
}

/** A child process: publishes the indexes it is sent on a connection pool of its own, reporting after each batch. */
function runChild() {
  process.once("message", (task: ChildTask) => {
    const handle = openDatabase({ url: task.url, poolMax: 2 });
    const report = (r: ChildReport) => process.send?.(r);
    publishCorpusArticles(handle.db, task.indexes, task.options, (written) => report({ written }))
      .then(() => handle.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        report({ error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      });
  });
}

/** Splits the indexes into `jobs` contiguous shares and publishes each in a child process. */
async function runChildren(url: string, indexes: number[], jobs: number, options: CorpusOptions, onWritten: (total: number) => void): Promise<void> {
  const share = Math.ceil(indexes.length / jobs);
  const written = new Array<number>(jobs).fill(0);
  const children = Array.from({ length: jobs }, (_, k) => indexes.slice(k * share, (k + 1) * share))
    .filter((part) => part.length > 0)
    .map((part, k) => {
      const child = fork(fileURLToPath(import.meta.url), ["--child"], { stdio: "inherit" });
      const done = new Promise<void>((resolve, reject) => {
        let failure: string | undefined;
        child.on("message", (r: ChildReport) => {
          if ("error" in r) failure = r.error;
          else {
            written[k] = r.written;
            onWritten(written.reduce((a, b) => a + b, 0));
          }
        });
        child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`Job ${k + 1} failed: ${failure ?? `exit ${code ?? signal}`}`))));
      });
      child.send({ url, indexes: part, options } satisfies ChildTask);
      return { child, done };
    });
  try {
    await Promise.all(children.map((c) => c.done));
  } catch (error) {
    for (const { child } of children) if (child.exitCode === null) child.kill();
    throw error;
  }
}

async function main() {
  const { values } = parseArgs({
    options: { articles: { type: "string" }, seed: { type: "string" }, words: { type: "string" }, jobs: { type: "string" } },
    strict: true,
  });
  const total = integerOption(values.articles, "articles");
  const options: CorpusOptions = { seed: integerOption(values.seed, "seed", 1), words: integerOption(values.words, "words", DEFAULT_CORPUS_WORDS) };
  if ((options.words ?? 0) < 100 || (options.words ?? 0) > 10_000) throw new CorpusRefusal("--words must be between 100 and 10000.");
  let jobs = integerOption(values.jobs, "jobs", availableParallelism());
  if (jobs < 1) throw new CorpusRefusal("--jobs must be at least 1.");

  const started = performance.now();
  const handle = getDbHandle();
  if (handle.kind !== "postgres" && jobs > 1) {
    console.log("The embedded database takes one process at a time: loading with one job.");
    jobs = 1;
  }
  await migrateDatabase(handle);
  const seeded = await prepareCorpusDatabase(handle.db);
  if (seeded > 0) console.log(`Seeded the ${seeded} real articles.`);
  const { existing, missing } = await planCorpusLoad(handle.db, total, options);
  const where = handle.kind === "postgres" ? "PostgreSQL" : "the embedded database";
  console.log(
    `${where}: ${existing} generated articles present, ${missing.length} to add (seed ${options.seed}, ~${options.words} words, ${Math.min(jobs, Math.max(1, missing.length))} job(s)).`,
  );

  const loadStarted = performance.now();
  let written = 0;
  let lastPrinted = loadStarted;
  const progress = (n: number) => {
    written = n;
    const now = performance.now();
    if (now - lastPrinted < PROGRESS_EVERY_MS && n < missing.length) return;
    lastPrinted = now;
    const rate = n / ((now - loadStarted) / 1000);
    console.log(`  ${n}/${missing.length} written, ${rate.toFixed(0)} articles/s, ETA ${clock((missing.length - n) / rate)}`);
  };
  if (missing.length > 0) {
    if (jobs === 1 || !handle.url) await publishCorpusArticles(handle.db, missing, options, progress);
    else await runChildren(handle.url, missing, Math.min(jobs, missing.length), options, progress);
  }
  const loaded = performance.now() - loadStarted;
  const analyzeStarted = performance.now();
  await analyzeCorpus(handle.db);
  console.log(
    `Added ${written} generated articles in ${seconds(loaded)}${written > 0 ? ` (${(written / (loaded / 1000)).toFixed(0)} articles/s)` : ""}; VACUUM ANALYZE ${seconds(performance.now() - analyzeStarted)}; total ${seconds(performance.now() - started)}.`,
  );
  await closeDb();
}

if (process.argv.includes("--child")) runChild();
else
  main().catch(async (error: unknown) => {
    console.error(error instanceof CorpusRefusal ? error.message : error instanceof Error ? (error.stack ?? error.message) : error);
    await closeDb().catch(() => {});
    process.exit(error instanceof CorpusRefusal ? 2 : 1);
  });
