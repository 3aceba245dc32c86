// First-run content: the seed articles, written by the editors, and the newsletter's first draft. Never runs over
// existing content. A module of its own above the domains it fills (articles, newsletter): the data layer (lib/db)
// knows no domain.
import "server-only";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { count, sql } from "drizzle-orm";
import { canonicalSource } from "../articles/editor-model";
import { publishRevision } from "../articles/publish";
import type { Db } from "../db/client";
import { articles, users } from "../db/schema";
import { env } from "../env";
import { seedNewsletterDraft } from "../newsletter/seed";
import { seedSampleReviews, wantsSampleReviews } from "./sample-reviews";

export const seedArticlesDir = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib/seed/articles");
export const EDITORS_USER_ID = "attune-editors";

export function readSeedArticles(dir = seedArticlesDir): { file: string; source: string }[] {
  return readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((file) => ({ file, source: readFileSync(path.join(/*turbopackIgnore: true*/ dir, file), "utf8") }));
}

/**
 * Seeds an empty database. Returns how many articles it wrote (0 when there was content already). `samples`: also the
 * sample expert and sample reviews; by default in development only, never in a production (or test) seed.
 */
export async function seedIfEmpty(db: Db, dir = seedArticlesDir, { samples = wantsSampleReviews(env()) }: { samples?: boolean } = {}): Promise<number> {
  const seeds = readSeedArticles(dir);
  const written = await db.transaction(async (tx) => {
    // Serialises concurrent seeders (two instances starting against one PostgreSQL).
    await tx.execute(sql`select pg_advisory_xact_lock(727274)`);
    const [{ n }] = await tx.select({ n: count() }).from(articles);
    if (n > 0) return 0;
    await tx.insert(users).values({ id: EDITORS_USER_ID, displayName: "Attune editors", role: "admin" }).onConflictDoNothing();
    for (const seed of seeds) {
      try {
        await publishRevision(tx, { source: canonicalSource(seed.source), authorId: EDITORS_USER_ID, summary: "First edition", kind: "seed" });
      } catch (error) {
        throw new Error(`Seed article ${seed.file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    if (samples) await seedSampleReviews(tx);
    return seeds.length;
  });
  if (written > 0) await seedNewsletterDraft(db);
  return written;
}
