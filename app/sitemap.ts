import type { MetadataRoute } from "next";
import { listAllArticles } from "@/lib/articles/queries";
import { absoluteUrl } from "@/lib/site";

// Dynamic with cached data: a revalidate export would make the build read the database (DESIGN §10).
export const dynamic = "force-dynamic";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const articles = await listAllArticles();
  return [
    { url: absoluteUrl("/"), changeFrequency: "daily", priority: 1 },
    ...articles.map((a) => ({ url: absoluteUrl(`/wiki/${a.slug}`), lastModified: a.updatedAt, changeFrequency: "weekly" as const, priority: 0.8 })),
    ...["/about", "/licence", "/privacy", "/help"].map((p) => ({ url: absoluteUrl(p), changeFrequency: "yearly" as const, priority: 0.3 })),
  ];
}
