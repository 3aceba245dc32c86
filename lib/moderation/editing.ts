import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { articles, revisions } from "../db/schema";

/** The article's current text and revision, read fresh (never from cache) for the editor. */
export async function getEditableArticle(slug: string) {
  const [row] = await getDb()
    .select({ id: articles.id, title: articles.title, source: revisions.source, revisionId: revisions.id })
    .from(articles)
    .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
    .where(eq(articles.slug, slug));
  return row ?? null;
}
