import type { Root } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { escapeHtml as escapeXml } from "../html";
import type { ArticleCard } from "./queries";

const markdown = unified().use(remarkParse).use(remarkGfm);

/**
 * A summary as plain text: Markdown reduced to its words and raw HTML dropped, because feed readers
 * render a <description> as HTML. Tags spelt with entities or Markdown escapes are dropped too.
 */
export function summaryToPlainText(summary: string): string {
  const tree = markdown.parse(summary) as Root;
  visit(tree, "html", (_node, index, parent) => {
    if (parent && index !== undefined) {
      parent.children.splice(index, 1);
      return index;
    }
  });
  return mdastToString(tree)
    .replace(/<[a-z/!?][^>]*>?/gi, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** RSS 2.0 of the given articles; every text is escaped, and summaries are plain text. */
export function buildRssFeed(site: { url: string; title: string; description: string }, articles: ArticleCard[]): string {
  const items = articles
    .map((a) => {
      const link = `${site.url}/wiki/${a.slug}`;
      return `    <item>\n      <title>${escapeXml(a.title)}</title>\n      <link>${escapeXml(link)}</link>\n      <guid isPermaLink="true">${escapeXml(link)}</guid>\n      <description>${escapeXml(summaryToPlainText(a.summary))}</description>\n      <pubDate>${new Date(a.updatedAt).toUTCString()}</pubDate>\n    </item>`;
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
