// The sitemap protocol (sitemaps.org): an index of child sitemaps, each listing at most 50,000 addresses.
import { escapeHtml } from "../html";

const XML = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';

export type SitemapUrl = { loc: string; lastmod?: string; changefreq?: "daily" | "weekly" | "yearly"; priority?: number };

/** The index: one <sitemap> per child. */
export function sitemapIndexXml(children: string[]): string {
  const items = children.map((loc) => `  <sitemap><loc>${escapeHtml(loc)}</loc></sitemap>\n`).join("");
  return `${XML}<sitemapindex ${NS}>\n${items}</sitemapindex>\n`;
}

/** One child sitemap. */
export function urlSetXml(urls: SitemapUrl[]): string {
  const items = urls
    .map((u) => {
      const parts = [`<loc>${escapeHtml(u.loc)}</loc>`];
      if (u.lastmod) parts.push(`<lastmod>${escapeHtml(u.lastmod)}</lastmod>`);
      if (u.changefreq) parts.push(`<changefreq>${u.changefreq}</changefreq>`);
      if (u.priority !== undefined) parts.push(`<priority>${u.priority.toFixed(1)}</priority>`);
      return `  <url>${parts.join("")}</url>\n`;
    })
    .join("");
  return `${XML}<urlset ${NS}>\n${items}</urlset>\n`;
}

/** The child sitemap a file name such as "3.xml" names (from 1), or null. */
export function sitemapChunkOf(file: string): number | null {
  const m = /^([1-9]\d{0,5})\.xml$/.exec(file);
  return m ? Number(m[1]) : null;
}

export const xmlResponse = (body: string) =>
  new Response(body, { headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=0, s-maxage=300" } });
