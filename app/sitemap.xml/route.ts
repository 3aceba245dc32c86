import { countSitemapChunks } from "@/lib/articles/queries";
import { sitemapIndexXml, xmlResponse } from "@/lib/articles/sitemap";
import { absoluteUrl } from "@/lib/site";

// A sitemap index: the articles are split into child sitemaps (/sitemaps/N.xml), each within the protocol's limit.
export const dynamic = "force-dynamic";

export async function GET() {
  const chunks = await countSitemapChunks();
  return xmlResponse(sitemapIndexXml(Array.from({ length: chunks }, (_, i) => absoluteUrl(`/sitemaps/${i + 1}.xml`))));
}
