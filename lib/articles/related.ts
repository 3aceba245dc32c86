import type { ArticleMeta } from "./fields";
import type { ArticleCard } from "./queries";

/** Related articles: the source's own list first, then others sharing a category, never the article itself. */
export function pickRelated(meta: Pick<ArticleMeta, "related" | "category">, slug: string, all: ArticleCard[], max = 4): ArticleCard[] {
  const bySlug = new Map(all.map((a) => [a.slug, a]));
  const chosen = meta.related.map((s) => bySlug.get(s)).filter((a): a is ArticleCard => Boolean(a) && a?.slug !== slug);
  for (const a of all) {
    if (chosen.length >= max) break;
    if (a.slug !== slug && !chosen.includes(a) && a.categories.some((c) => meta.category.includes(c))) chosen.push(a);
  }
  return chosen.slice(0, max);
}
