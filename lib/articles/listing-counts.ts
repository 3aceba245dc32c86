// How many articles each letter and category holds, kept in article_counts (migration 0010) so that a listing page
// reads its page count from one row rather than counting up to 60,000 index entries on every render (issue 13).
// publishRevision applies the changes of one publication as +1/-1 deltas in its own transaction: two concurrent
// publications under one letter each add their own one, and the row lock orders them.
import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { articleCounts } from "../db/schema";

export type Listed = { letter: string; categories: readonly string[] };
export type CountDelta = { scope: "all" | "letter" | "category"; key: string; n: number };

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The count changes of one publication: `before` is null for a new article. Sorted, so locks are taken in one order. */
export function countDeltas(before: Listed | null, after: Listed): CountDelta[] {
  const deltas = new Map<string, CountDelta>();
  const add = (scope: CountDelta["scope"], key: string, n: number) => {
    const id = `${scope}\u0000${key}`;
    const held = deltas.get(id);
    deltas.set(id, { scope, key, n: (held?.n ?? 0) + n });
  };
  if (before) add("letter", before.letter, -1);
  else add("all", "", 1);
  add("letter", after.letter, 1);
  for (const c of new Set(before?.categories ?? [])) add("category", c, -1);
  for (const c of new Set(after.categories)) add("category", c, 1);
  return [...deltas.values()].filter((d) => d.n !== 0).sort((a, b) => order(a.scope, b.scope) || order(a.key, b.key));
}

/** Applies one publication's deltas, inside its transaction. */
export async function applyCountDeltas(tx: Tx, deltas: CountDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await tx
    .insert(articleCounts)
    .values(deltas)
    .onConflictDoUpdate({ target: [articleCounts.scope, articleCounts.key], set: { n: sql`${articleCounts.n} + excluded.n` } });
}

/** How many articles a letter or category holds (0 when none ever did); scope "all" with key "" counts them all. */
export async function readCount(db: Db, scope: CountDelta["scope"], key: string): Promise<number> {
  const [row] = await db
    .select({ n: articleCounts.n })
    .from(articleCounts)
    .where(and(eq(articleCounts.scope, scope), eq(articleCounts.key, key)))
    .limit(1);
  return Math.max(0, row?.n ?? 0);
}

/** Categories holding articles, in name order, with their counts: all of them, or a page from after `after`. */
export async function listCategoryCounts(db: Db, page?: { after: string | null; limit: number }): Promise<{ name: string; count: number }[]> {
  const query = db
    .select({ name: articleCounts.key, count: articleCounts.n })
    .from(articleCounts)
    .where(and(eq(articleCounts.scope, "category"), gt(articleCounts.n, 0), page?.after != null ? gt(articleCounts.key, page.after) : undefined))
    .orderBy(asc(articleCounts.key));
  return page ? query.limit(page.limit) : query;
}
