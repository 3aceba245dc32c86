import { countSitemapChunks, listSitemapChunk } from "@/lib/articles/queries";
import { sitemapChunkOf, urlSetXml, xmlResponse, type SitemapUrl } from "@/lib/articles/sitemap";
import { absoluteUrl } from "@/lib/site";

export const dynamic = "force-dynamic";

// The site's own pages are listed in the first child, beside its articles.
const sitePages = (): SitemapUrl[] => [
  { loc: absoluteUrl("/"), changefreq: "daily", priority: 1 },
  ...["/about", "/licence", "/privacy", "/help"].map((p) => ({ loc: absoluteUrl(p), changefreq: "yearly" as const, priority: 0.3 })),
];

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const n = sitemapChunkOf((await params).file);
  if (n === null || n > (await countSitemapChunks()))
    return new Response("No such sitemap.\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const articles = (await listSitemapChunk(n)).map((a): SitemapUrl => ({
    loc: absoluteUrl(`/wiki/${a.slug}`),
    lastmod: a.updatedAt,
    changefreq: "weekly",
    priority: 0.8,
  }));
  return xmlResponse(urlSetXml(n === 1 ? [...sitePages(), ...articles] : articles));
}
