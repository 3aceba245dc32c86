import { escapeHtml as escapeXml } from "../html";
import type { ArticleCard } from "./queries";

/** RSS 2.0 of the given articles; every text is escaped. */
export function buildRssFeed(site: { url: string; title: string; description: string }, articles: ArticleCard[]): string {
  const items = articles
    .map((a) => {
      const link = `${site.url}/wiki/${a.slug}`;
      return `    <item>\n      <title>${escapeXml(a.title)}</title>\n      <link>${escapeXml(link)}</link>\n      <guid isPermaLink="true">${escapeXml(link)}</guid>\n      <description>${escapeXml(a.summary)}</description>\n      <pubDate>${new Date(a.updatedAt).toUTCString()}</pubDate>\n    </item>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(site.title)}</title>
    <link>${escapeXml(site.url)}/</link>
    <description>${escapeXml(site.description)}</description>
    <language>en</language>
    <atom:link href="${escapeXml(site.url)}/feed.xml" rel="self" type="application/rss+xml"/>
${items}
  </channel>
</rss>
`;
}
