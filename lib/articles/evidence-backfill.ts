// Articles published before the evidence line existed have articles.evidence null (or, after a change of
// EVIDENCE_VERSION, an older value): their pages compute it on read, and this fills the column (for the listings'
// badges) from each current revision's source, a page of rows at a time.
import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { articles, revisions } from "../db/schema";
import { EVIDENCE_VERSION, evidenceOfSource } from "./evidence";
import { parseArticleSource } from "./source";

/** At start-up, at most this many rows are filled (a few seconds); `npm run db:rerender` fills every one. */
export const STARTUP_EVIDENCE_ROWS = 5_000;

const stale = sql`(${articles.evidence} is null or ${articles.evidence}->>'version' is distinct from ${String(EVIDENCE_VERSION)})`;

/** Fills articles.evidence where it is missing or stale, in id order, up to `max` articles; returns how many it read. */
export async function fillMissingEvidence(db: Db, { max = Infinity, pageSize = 200 }: { max?: number; pageSize?: number } = {}): Promise<number> {
  let after = 0;
  let read = 0;
  while (read < max) {
    const page = await db
      .select({ id: articles.id, source: revisions.source })
      .from(articles)
      .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
      .where(and(gt(articles.id, after), stale))
      .orderBy(asc(articles.id))
      .limit(Math.min(pageSize, max - read));
    if (page.length === 0) break;
    const rows = page.flatMap((a) => {
      const parsed = parseArticleSource(a.source);
      return parsed.ok ? [{ id: a.id, evidence: JSON.stringify(evidenceOfSource(parsed.value)) }] : [];
    });
    if (rows.length > 0)
      // One statement per page, checked again, so a publication in between keeps its own value.
      await db.execute(sql`
        update articles a set evidence = v.evidence::jsonb
          from (values ${sql.join(
            rows.map((r) => sql`(${r.id}::integer, ${r.evidence})`),
            sql`, `,
          )}) as v(id, evidence)
         where a.id = v.id and (a.evidence is null or a.evidence->>'version' is distinct from ${String(EVIDENCE_VERSION)})`);
    read += page.length;
    after = page[page.length - 1].id;
  }
  return read;
}
