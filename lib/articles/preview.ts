// Hover previews (GET /api/preview/<slug>): a published article's title, summary, figure and evidence line, for the
// card app/_components/link-previews.tsx shows beside an internal link. Cached under the article's tag, so a
// publication (lib/moderation/cache.ts) expires it with the page.
import "server-only";
import { unstable_cache } from "next/cache";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { slugParam } from "../params";
import { summariseEvidence, type Evidence, type EvidenceSummary } from "./evidence";
import { getRendering } from "./parser-cache";
import { articleTag, getArticleBySlug, type ArticlePage } from "./queries";
import { isAllowedImage } from "./render";
import type { ArticleMeta } from "./source";
import { evidenceOfPage } from "./view";

export type PreviewPayload = {
  slug: string;
  title: string;
  summary: string;
  figure: { src: string; alt: string } | null;
  evidence: EvidenceSummary | null;
  url: string;
};

/** The payload from an article's stored parts. A figure from a host nobody allowed is left out (its link would be the page's). */
export function buildPreviewPayload(
  article: { slug: string; title: string; summary: string },
  meta: Pick<ArticleMeta, "figure">,
  evidence: Evidence | null,
  allowedImage: (src: string) => boolean = (src) => isAllowedImage(src),
): PreviewPayload {
  const figure = meta.figure && allowedImage(meta.figure.src) ? { src: meta.figure.src, alt: meta.figure.alt } : null;
  return {
    slug: article.slug,
    title: article.title,
    summary: article.summary,
    figure,
    evidence: summariseEvidence(evidence),
    url: `/wiki/${article.slug}`,
  };
}

async function previewOf(article: ArticlePage): Promise<PreviewPayload> {
  const { meta } = await getRendering(getDb(), article.revisionId, article.source);
  return buildPreviewPayload(article, meta, evidenceOfPage(article));
}

const notFound = () => new AppError("not_found", "There is no article at that address.");

/**
 * The preview of the article at `slug`, following an other name or a former address to the article (one step, as
 * the page's redirect does). Throws not_found for a slug that is not one or names no article.
 */
export async function getArticlePreview(rawSlug: unknown): Promise<PreviewPayload> {
  const parsed = slugParam.safeParse(typeof rawSlug === "string" ? rawSlug.toLowerCase() : rawSlug);
  if (!parsed.success) throw notFound();
  let lookup = await getArticleBySlug(parsed.data);
  if (lookup.kind === "redirect") lookup = await getArticleBySlug(lookup.slug);
  if (lookup.kind !== "article") throw notFound();
  const article = lookup.article;
  // Keyed by the revision too: an entry of an older revision is never served, even before its tag expires.
  return unstable_cache(() => previewOf(article), ["article-preview", article.slug, String(article.revisionId)], {
    tags: [articleTag(article.slug)],
    revalidate: false,
  })();
}
