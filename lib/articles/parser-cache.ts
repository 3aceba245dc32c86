// The parser cache: an article revision's Markdown is rendered to HTML (with its contents, FAQs and plain text) once,
// when the revision is published, and stored beside it; a page render then only assembles stored parts. Keyed by the
// revision, the renderer's version and a hash of the settings that change the output (the image allow-list), so a
// changed renderer or setting re-renders lazily on the next read, and revisions stay append-only.
import "server-only";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { renderedRevisions } from "../db/schema";
import { env } from "../env";
import { renderArticleBody, type RenderedBody } from "./render";
import { parseArticleSource, type ArticleMeta } from "./source";

/** Bump whenever lib/articles/render.ts (or what it reads) changes its output: every stored rendering is then stale. */
// 3: other names are stored as { name, type? } (typed aliases, issue #15), no longer as plain strings.
export const RENDERER_VERSION = 3;

export type RenderedRevision = { meta: ArticleMeta; body: RenderedBody };

/** The settings that change rendered HTML, as a short stable key. */
export function renderSettingsKey(imageHosts: readonly string[] = env().IMAGE_HOSTS): string {
  const settings = { imageHosts: [...new Set(imageHosts.map((h) => h.toLowerCase()))].sort() };
  return createHash("sha256").update(JSON.stringify(settings)).digest("base64url").slice(0, 16);
}

/** Renders a stored (already checked) revision's source. */
export async function renderRevisionSource(revisionId: number, source: string): Promise<RenderedRevision> {
  const parsed = parseArticleSource(source);
  if (!parsed.ok) throw new Error(`Stored revision ${revisionId} does not parse`);
  return { meta: parsed.value.meta, body: await renderArticleBody(parsed.value.body) };
}

/** Stores a revision's rendering for the current renderer and settings (a concurrent reader may have stored it first). */
export async function storeRendering(db: Db | Tx, revisionId: number, rendered: RenderedRevision): Promise<void> {
  await db
    .insert(renderedRevisions)
    .values({ revisionId, rendererVersion: RENDERER_VERSION, settingsKey: renderSettingsKey(), meta: rendered.meta, body: rendered.body })
    .onConflictDoNothing();
}

/** A revision's stored rendering, rendered and stored now when there is none for this renderer and these settings. */
export async function getRendering(db: Db, revisionId: number, source: string): Promise<RenderedRevision> {
  const [row] = await db
    .select({ meta: renderedRevisions.meta, body: renderedRevisions.body })
    .from(renderedRevisions)
    .where(
      and(
        eq(renderedRevisions.revisionId, revisionId),
        eq(renderedRevisions.rendererVersion, RENDERER_VERSION),
        eq(renderedRevisions.settingsKey, renderSettingsKey()),
      ),
    )
    .limit(1);
  if (row) return { meta: row.meta as ArticleMeta, body: row.body as RenderedBody };
  const rendered = await renderRevisionSource(revisionId, source);
  await storeRendering(db, revisionId, rendered);
  return rendered;
}
