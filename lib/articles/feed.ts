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

/** One approved change in an Atom feed: a revision of an article. */
export type FeedChange = {
  revisionId: number;
  parentId: number | null;
  slug: string;
  title: string;
  summary: string;
  authorName: string;
  createdAt: string;
};

export type AtomFeedInfo = {
  /** The site's origin (SITE_URL), no trailing slash. */ siteUrl: string;
  /** The feed's own path, e.g. /wiki/jealousy/changes.xml: with the origin it is the feed's id and rel="self". */ path: string;
  /** The page the feed follows, e.g. /wiki/jealousy. */ pagePath: string;
  title: string;
  subtitle: string;
};

/** Where an entry leads: the diff against the revision before it, or the revision itself when it is the first. */
export function changeHref(change: Pick<FeedChange, "slug" | "revisionId" | "parentId">): string {
  const slug = encodeURIComponent(change.slug);
  return change.parentId === null ? `/wiki/${slug}/revisions/${change.revisionId}` : `/wiki/${slug}/history?from=${change.parentId}&to=${change.revisionId}`;
}

/**
 * Atom 1.0 (RFC 4287) of approved changes, newest first: every entry has a permanent id (its revision's address), an
 * updated time and an author; the feed's updated is its newest entry's. Every text is escaped.
 */
export function buildAtomFeed(feed: AtomFeedInfo, changes: FeedChange[], now: Date = new Date()): string {
  const abs = (path: string) => escapeXml(`${feed.siteUrl}${path}`);
  const updated = changes.length > 0 ? new Date(Math.max(...changes.map((c) => Date.parse(c.createdAt)))) : now;
  const entries = changes
    .map((c) => {
      const revisionPath = `/wiki/${encodeURIComponent(c.slug)}/revisions/${c.revisionId}`;
      const summary = c.summary.trim() || "No edit summary.";
      return `  <entry>
    <id>${abs(revisionPath)}</id>
    <title>${escapeXml(`${c.title}: ${summary}`)}</title>
    <updated>${new Date(c.createdAt).toISOString()}</updated>
    <author><name>${escapeXml(c.authorName)}</name></author>
    <link rel="alternate" type="text/html" href="${abs(changeHref(c))}"/>
    <link rel="related" type="text/html" href="${abs(revisionPath)}"/>
    <summary type="text">${escapeXml(summary)}</summary>
  </entry>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>${abs(feed.path)}</id>
  <title>${escapeXml(feed.title)}</title>
  <subtitle>${escapeXml(feed.subtitle)}</subtitle>
  <updated>${updated.toISOString()}</updated>
  <author><name>Attune contributors</name></author>
  <link rel="self" type="application/atom+xml" href="${abs(feed.path)}"/>
  <link rel="alternate" type="text/html" href="${abs(feed.pagePath)}"/>
  <rights>CC BY-SA 4.0 — https://creativecommons.org/licenses/by-sa/4.0/</rights>
${entries}${entries ? "\n" : ""}</feed>
`;
}
