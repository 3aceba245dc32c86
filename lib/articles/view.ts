import "server-only";
import { absoluteUrl } from "../site";
import { getDb } from "../db/client";
import { evidenceOfSource, type Evidence } from "./evidence";
import { getRendering } from "./parser-cache";
import { listLatestArticles, listRelatedCards, type ArticleCard, type ArticlePage } from "./queries";
import type { RenderedBody, RenderOptions } from "./render";
import { renderUntrusted } from "./render-pool";
import { AppError } from "../errors";
import { formatSourceErrors, parseArticleSource, type ArticleMeta, type ArticleSource } from "./source";

export type ArticleViewModel = {
  page: ArticlePage;
  meta: ArticleMeta;
  body: RenderedBody;
  related: ArticleCard[];
  latest: ArticleCard[];
  canonicalUrl: string;
  revisionUrl: string;
  /** The evidence line (lib/articles/evidence.ts); null only when the source no longer parses. */
  evidence: Evidence | null;
  /** Set when the page shows an older revision than the current one. */
  oldRevision?: { id: number; createdAt: string };
};

/** A published revision's page, assembled from its stored rendering (the parser cache: it is rendered at most once). */
export async function renderArticle(page: ArticlePage): Promise<ArticleViewModel> {
  const { meta, body } = await getRendering(getDb(), page.revisionId, page.source);
  return assemble(page, meta, body, evidenceOfPage(page));
}

/** The evidence stored for this revision, or computed now (an older revision, or a row stored before evidence existed). */
export function evidenceOfPage(page: ArticlePage): Evidence | null {
  if (page.storedEvidence?.revisionId === page.revisionId) return page.storedEvidence.evidence;
  const parsed = parseArticleSource(page.source);
  return parsed.ok ? evidenceOfSource(parsed.value) : null;
}

/** Parses a source nobody has reviewed and renders its body off the main thread, within the time budget (render-pool.ts). */
async function renderUnreviewed(
  source: string,
  options: RenderOptions,
): Promise<{ ok: true; parsed: ArticleSource; body: RenderedBody } | { ok: false; errors: string[] }> {
  const parsed = parseArticleSource(source);
  if (!parsed.ok) return { ok: false, errors: formatSourceErrors(parsed.errors) };
  try {
    return { ok: true, parsed: parsed.value, body: await renderUntrusted(parsed.value.body, undefined, options) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, errors: [error.message] };
    throw error;
  }
}

/** A text that is not published yet (an editor's preview, a proposal under review), as its article page would show it. */
export async function renderDraft(
  source: string,
  options: RenderOptions = {},
): Promise<{ ok: true; view: ArticleViewModel } | { ok: false; errors: string[] }> {
  const rendered = await renderUnreviewed(source, options);
  if (!rendered.ok) return rendered;
  const now = new Date().toISOString();
  const { slug, meta } = rendered.parsed;
  const page: ArticlePage = {
    id: 0,
    slug,
    title: meta.title,
    summary: meta.summary,
    categories: meta.category,
    source,
    revisionId: 0,
    updatedAt: now,
    createdAt: now,
  };
  return { ok: true, view: await assemble(page, meta, rendered.body, evidenceOfSource(rendered.parsed)) };
}

/** Only the text of a source (its title and rendered body), without the page around it; null when it does not render. */
export async function renderProse(source: string, options: RenderOptions = {}): Promise<{ title: string; body: RenderedBody } | null> {
  const rendered = await renderUnreviewed(source, options);
  return rendered.ok ? { title: rendered.parsed.meta.title, body: rendered.body } : null;
}

async function assemble(page: ArticlePage, meta: ArticleMeta, body: RenderedBody, evidence: Evidence | null): Promise<ArticleViewModel> {
  const [related, latest] = await Promise.all([listRelatedCards(page.slug, page.title, meta.related, meta.category), listLatestArticles(5)]);
  return {
    page,
    meta,
    body,
    related,
    latest: latest.filter((a) => a.slug !== page.slug).slice(0, 4),
    canonicalUrl: absoluteUrl(`/wiki/${page.slug}`),
    revisionUrl: absoluteUrl(`/wiki/${page.slug}/revisions/${page.revisionId}`),
    evidence,
  };
}

/** Days since 1970 (UTC): a different featured article each day (the home page is re-rendered at least hourly). */
export function dayNumber(now: Date = new Date()): number {
  return Math.floor(now.getTime() / 86_400_000);
}
