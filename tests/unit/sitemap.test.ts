import { describe, expect, it } from "vitest";
import { sitemapChunkOf, sitemapIndexXml, urlSetXml } from "@/lib/articles/sitemap";

describe("sitemap XML", () => {
  it("writes an index of child sitemaps in the protocol's namespace", () => {
    const xml = sitemapIndexXml(["https://attune.test/sitemaps/1.xml", "https://attune.test/sitemaps/2.xml"]);
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<sitemapindex xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
    expect(xml.match(/<sitemap><loc>/g)).toHaveLength(2);
  });

  it("escapes addresses and writes only the parts given", () => {
    const xml = urlSetXml([
      { loc: "https://attune.test/wiki/a?x=1&y=<2>" },
      { loc: "https://attune.test/", changefreq: "daily", priority: 1, lastmod: "2026-12-02T00:00:00.000Z" },
    ]);
    expect(xml).toContain("<url><loc>https://attune.test/wiki/a?x=1&amp;y=&lt;2&gt;</loc></url>");
    expect(xml).toContain("<lastmod>2026-12-02T00:00:00.000Z</lastmod><changefreq>daily</changefreq><priority>1.0</priority>");
  });

  it("reads a child's number from its file name, refusing anything else", () => {
    expect(sitemapChunkOf("1.xml")).toBe(1);
    expect(sitemapChunkOf("12.xml")).toBe(12);
    for (const bad of ["0.xml", "01.xml", "1.xml.gz", "a.xml", "1", "-1.xml", "9999999.xml"]) expect(sitemapChunkOf(bad), bad).toBeNull();
  });
});
