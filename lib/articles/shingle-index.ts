// The shingle index (article_shingles): which articles hold which 8-word runs. Kept in step with each article's current
// revision by publishRevision (in its transaction); filled at start-up for articles published before the index
// existed. A lookup is one indexed query on the hashes, never a read of article texts.
import "server-only";
import { and, asc, eq, gt, ne, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { rowsOf } from "../db/client";
import { articles, articleShingles, revisions } from "../db/schema";
import { GENERATED_CORPUS_SUMMARY } from "./generated";
import { proseWords, shingleHashes } from "./shingles";
import { parseArticleSource } from "./source";

// Rows per insert statement: two array parameters whatever the size, but a bounded statement all the same.
const INSERT_CHUNK = 20_000;
// Any fixed number, the same in every instance (migrations 727273, seed 727274, newsletter seed 727275).
const BACKFILL_LOCK = 727276;

/** A PostgreSQL array literal of integers, sent as one text parameter and cast in SQL (any number of values). */
const intArray = (values: readonly (string | number)[]) => `{${values.join(",")}}`;

/** Inserts shingle rows for many articles at once (already present rows are left alone). */
export async function insertShingles(db: Db | Tx, rows: { articleId: number; hashes: Iterable<string> }[]): Promise<number> {
  let hashes: string[] = [];
  let ids: number[] = [];
  let written = 0;
  const flush = async () => {
    if (hashes.length === 0) return;
    await db.execute(
      sql`insert into article_shingles (hash, article_id) select * from unnest(${intArray(hashes)}::bigint[], ${intArray(ids)}::integer[]) on conflict do nothing`,
    );
    written += hashes.length;
    hashes = [];
    ids = [];
  };
  for (const row of rows) {
    for (const h of row.hashes) {
      hashes.push(h);
      ids.push(row.articleId);
      if (hashes.length >= INSERT_CHUNK) await flush();
    }
  }
  await flush();
  return written;
}

/** Makes the index hold exactly the shingles of this article body. Called inside publishRevision's transaction. */
export async function replaceArticleShingles(tx: Db | Tx, articleId: number, body: string): Promise<void> {
  await tx.delete(articleShingles).where(eq(articleShingles.articleId, articleId));
  await insertShingles(tx, [{ articleId, hashes: shingleHashes(proseWords(body)) }]);
}

/**
 * Indexes the current text of every article that has no shingles yet (published before the index existed, or too
 * short to have any: those are read again, which costs little), except generated ones whose current revision is the
 * generator's. Run at start-up; returns how many were read.
 */
export async function indexArticlesMissingShingles(db: Db, pageSize = 500): Promise<number> {
  return db.transaction(async (tx) => {
    // Instances starting together against one PostgreSQL index each article once.
    await tx.execute(sql`select pg_advisory_xact_lock(${BACKFILL_LOCK})`);
    let after = 0;
    let read = 0;
    for (;;) {
      const page = await tx
        .select({ id: articles.id, source: revisions.source })
        .from(articles)
        .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
        .where(
          and(
            gt(articles.id, after),
            // Generated articles (scripts/generate-corpus.ts) are left out of the index on purpose, until someone edits one.
            ne(revisions.summary, GENERATED_CORPUS_SUMMARY),
            sql`not exists (select 1 from ${articleShingles} where ${articleShingles.articleId} = ${articles.id})`,
          ),
        )
        .orderBy(asc(articles.id))
        .limit(pageSize);
      if (page.length === 0) return read;
      const rows = page.flatMap((a) => {
        // Not normalised first: line ends and trailing spaces do not change the words.
        const parsed = parseArticleSource(a.source);
        return parsed.ok ? [{ articleId: a.id, hashes: shingleHashes(proseWords(parsed.value.body)) }] : [];
      });
      await insertShingles(tx, rows);
      read += page.length;
      after = page[page.length - 1].id;
    }
  });
}

/** The lookup, apart so that a test can EXPLAIN exactly what runs. */
export function copiedTextQuery(hashes: readonly string[], exceptArticleId: number | null, minShared: number, limit = 5): SQL {
  return sql`
    select a.title, a.slug, m.shared
    from (
      select article_id, count(*)::integer as shared
      from article_shingles
      where hash = any(${intArray(hashes)}::bigint[]) and article_id <> ${exceptArticleId ?? -1}
      group by article_id
      having count(*) >= ${minShared}
    ) m
    join articles a on a.id = m.article_id
    order by m.shared desc, a.title
    limit ${limit}`;
}

/** Articles (other than the proposal's own) that hold at least `minShared` of these shingles, most first. */
export async function findCopiedText(
  db: Db,
  hashes: Iterable<string>,
  exceptArticleId: number | null,
  minShared: number,
): Promise<{ title: string; slug: string; shared: number }[]> {
  const list = [...new Set(hashes)];
  if (list.length < minShared) return [];
  const result = await db.execute(copiedTextQuery(list, exceptArticleId, minShared));
  return rowsOf<{ title: string; slug: string; shared: number | string }>(result).map((r) => ({ title: r.title, slug: r.slug, shared: Number(r.shared) }));
}
