import "server-only";
import { absoluteUrl } from "../site";
import { listSidebarCards, type ArticleCard, type ArticlePage } from "./queries";
import { renderArticleBody, type RenderedBody, type RenderOptions } from "./render";
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
  /** Set when the page shows an older revision than the current one. */
  oldRevision?: { id: number; createdAt: string };
};

/** Related articles: the source's own list first, then others sharing a category. */
export function pickRelated(meta: ArticleMeta, slug: string, all: ArticleCard[], max = 4): ArticleCard[] {
  const bySlug = new Map(all.map((a) => [a.slug, a]));
  const chosen = meta.related.map((s) => bySlug.get(s)).filter((a): a is ArticleCard => Boolean(a) && a?.slug !== slug);
  for (const a of all) {
    if (chosen.length >= max) break;
    if (a.slug !== slug && !chosen.includes(a) && a.categories.some((c) => meta.category.includes(c))) chosen.push(a);
  }
  return chosen.slice(0, max);
}

export async function renderArticle(page: ArticlePage): Promise<ArticleViewModel> {
  const parsed = parseArticleSource(page.source);
  if (!parsed.ok) throw new Error(`Stored revision ${page.revisionId} of ${page.slug} does not parse`);
  return renderParsed(page, parsed.value, renderArticleBody);
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
  return { ok: true, view: await renderParsed(page, rendered.parsed, async () => rendered.body) };
}

/** Only the text of a source (its title and rendered body), without the page around it; null when it does not render. */
export async function renderProse(source: string, options: RenderOptions = {}): Promise<{ title: string; body: RenderedBody } | null> {
  const rendered = await renderUnreviewed(source, options);
  return rendered.ok ? { title: rendered.parsed.meta.title, body: rendered.body } : null;
}

async function renderParsed(page: ArticlePage, parsed: ArticleSource, render: (body: string) => Promise<RenderedBody>): Promise<ArticleViewModel> {
  const { meta } = parsed;
  const [body, { all, latest }] = await Promise.all([render(parsed.body), listSidebarCards()]);
  return {
    page,
    meta,
    body,
    related: pickRelated(meta, page.slug, all),
    latest: latest.filter((a) => a.slug !== page.slug).slice(0, 4),
    canonicalUrl: absoluteUrl(`/wiki/${page.slug}`),
    revisionUrl: absoluteUrl(`/wiki/${page.slug}/revisions/${page.revisionId}`),
  };
}

/** A different featured article each day (the home page is re-rendered at least hourly). */
export function featuredOfTheDay<T>(all: T[], now: Date = new Date()): T | undefined {
  return all.length > 0 ? all[Math.floor(now.getTime() / 86_400_000) % all.length] : undefined;
}
