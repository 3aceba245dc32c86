// Loading the generated corpus (lib/articles/corpus.ts) into a database through the one publish path, so every row
// (articles, revisions, other names, categories, the parser cache) is what a real publication writes; only the
// copied-text index is skipped. Resumable: a load finds which generated articles are already there and adds the rest.
// Driven by scripts/generate-corpus.ts (which runs several of these in parallel on PostgreSQL); never part of the seed,
// but beside it: like the seed, a loader of content above the domains it fills.
import "server-only";
import { countDistinct, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { articles, revisions, users } from "../db/schema";
import { corpusGenerator, GENERATED_CORPUS_SUMMARY, type CorpusOptions } from "../articles/corpus";
import { publishRevision } from "../articles/publish";
import { EDITORS_USER_ID, seedIfEmpty } from "./index";

/** Articles per transaction. */
export const CORPUS_BATCH = 100;
const LOOKUP_CHUNK = 1000;

/** A load that cannot go ahead as asked (the message says why and what to do). */
export class CorpusRefusal extends Error {}

/** How many generated articles the database holds (by their first revision's summary). */
export async function countGeneratedArticles(db: Db): Promise<number> {
  const [{ n }] = await db
    .select({ n: countDistinct(revisions.articleId) })
    .from(revisions)
    .where(eq(revisions.summary, GENERATED_CORPUS_SUMMARY));
  return n;
}

/** The indexes in 0..total-1 whose generated article is not in the database yet (looked up by address). */
export async function missingCorpusIndexes(db: Db, total: number, options: CorpusOptions = {}): Promise<number[]> {
  const generator = corpusGenerator(options);
  const missing: number[] = [];
  for (let from = 0; from < total; from += LOOKUP_CHUNK) {
    const indexes = Array.from({ length: Math.min(LOOKUP_CHUNK, total - from) }, (_, k) => from + k);
    const rows = await db
      .select({ slug: articles.slug })
      .from(articles)
      .where(
        inArray(
          articles.slug,
          indexes.map((i) => generator.slug(i)),
        ),
      );
    const present = new Set(rows.map((r) => r.slug));
    for (const i of indexes) if (!present.has(generator.slug(i))) missing.push(i);
  }
  return missing;
}

export type CorpusPlan = { existing: number; missing: number[] };

/** What a load of `total` articles has to add, or a refusal when the database does not fit the request. */
export async function planCorpusLoad(db: Db, total: number, options: CorpusOptions = {}): Promise<CorpusPlan> {
  if (!Number.isInteger(total) || total < 1) throw new CorpusRefusal("--articles must be a whole number of at least 1.");
  const { capacity } = corpusGenerator(options);
  if (total > capacity) throw new CorpusRefusal(`The vocabulary makes at most ${capacity} distinct titles; asked for ${total}.`);
  const existing = await countGeneratedArticles(db);
  if (existing > total) {
    throw new CorpusRefusal(
      `The database already holds ${existing} generated articles, more than the ${total} asked for. The generator only adds articles: ask for ${existing} or more, or use a fresh database.`,
    );
  }
  const missing = await missingCorpusIndexes(db, total, options);
  const matching = total - missing.length;
  if (matching < existing) {
    throw new CorpusRefusal(
      `The database holds ${existing} generated articles, but only ${matching} of them are among articles 1–${total} of --seed ${options.seed ?? 1} (the others come from another seed, or lie beyond ${total}). Use that seed and a large enough --articles, or a fresh database.`,
    );
  }
  return { existing, missing };
}

const isRetryable = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return ["40P01", "40001"].includes(e?.code ?? e?.cause?.code ?? "");
};

/**
 * Publishes the generated articles of these indexes, CORPUS_BATCH per transaction, through publishRevision (as the
 * seed does, without the copied-text index). `onBatch` hears how many were written so far. A batch that loses a
 * deadlock to a parallel loader is tried again.
 */
export async function publishCorpusArticles(
  db: Db,
  indexes: readonly number[],
  options: CorpusOptions = {},
  onBatch?: (written: number) => void,
): Promise<number> {
  const generator = corpusGenerator(options);
  let written = 0;
  for (let from = 0; from < indexes.length; from += CORPUS_BATCH) {
    const sources = indexes.slice(from, from + CORPUS_BATCH).map((i) => generator.source(i));
    for (let attempt = 1; ; attempt++) {
      try {
        await db.transaction(async (tx) => {
          for (const source of sources) {
            await publishRevision(tx, { source, authorId: EDITORS_USER_ID, summary: GENERATED_CORPUS_SUMMARY, kind: "seed", shingles: false });
          }
        });
        break;
      } catch (error) {
        if (attempt >= 5 || !isRetryable(error)) throw error;
      }
    }
    written += sources.length;
    onBatch?.(written);
  }
  return written;
}

/** Seeds an empty database with the real articles first, and makes sure the editors' account exists. */
export async function prepareCorpusDatabase(db: Db): Promise<number> {
  const seeded = await seedIfEmpty(db);
  await db.insert(users).values({ id: EDITORS_USER_ID, displayName: "Attune editors", role: "admin" }).onConflictDoNothing();
  return seeded;
}

export type CorpusLoadResult = { seeded: number; existing: number; added: number };

/** The whole load in this process: seed if empty, plan, publish what is missing, ANALYZE. */
export async function loadCorpus(
  db: Db,
  total: number,
  options: CorpusOptions = {},
  onBatch?: (written: number, toWrite: number) => void,
): Promise<CorpusLoadResult> {
  const seeded = await prepareCorpusDatabase(db);
  const { existing, missing } = await planCorpusLoad(db, total, options);
  const added = await publishCorpusArticles(db, missing, options, (n) => onBatch?.(n, missing.length));
  await analyzeCorpus(db);
  return { seeded, existing, added };
}

/**
 * Fresh planner statistics and visibility maps after a bulk load: what autovacuum would reach soon after, so the
 * database is measured in its steady state (index-only scans need the visibility map; ANALYZE alone leaves it empty).
 */
export async function analyzeCorpus(db: Db): Promise<void> {
  await db.execute(sql`vacuum analyze`);
}
