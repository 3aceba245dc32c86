import { describe, expect, it } from "vitest";
import { buildAtomFeed, changeHref, type FeedChange } from "@/lib/articles/feed";

const info = { siteUrl: "https://a.example", path: "/wiki/x/changes.xml", pagePath: "/wiki/x", title: "X — approved changes", subtitle: "S" };
const change = (over: Partial<FeedChange> = {}): FeedChange => ({
  revisionId: 7,
  parentId: 6,
  slug: "x",
  title: "X",
  summary: "Fixed a citation",
  authorName: "Ada",
  createdAt: "2026-11-25T10:00:00.000Z",
  ...over,
});

describe("buildAtomFeed", () => {
  it("gives the feed and every entry an id, an updated time and an author", () => {
    const xml = buildAtomFeed(info, [change(), change({ revisionId: 6, parentId: null, createdAt: "2026-11-20T10:00:00.000Z", authorName: "Bo" })]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    expect(xml).toContain("<id>https://a.example/wiki/x/changes.xml</id>");
    expect(xml).toContain('<link rel="self" type="application/atom+xml" href="https://a.example/wiki/x/changes.xml"/>');
    // The feed's updated is its newest entry's.
    expect(xml.match(/<feed[\s\S]*?<updated>([^<]+)<\/updated>/)?.[1]).toBe("2026-11-25T10:00:00.000Z");
    const entries = xml.match(/<entry>[\s\S]*?<\/entry>/g) ?? [];
    expect(entries).toHaveLength(2);
    for (const e of entries) {
      expect(e).toMatch(/<id>https:\/\/a\.example\/wiki\/x\/revisions\/\d+<\/id>/);
      expect(e).toMatch(/<updated>\d{4}-\d\d-\d\dT[\d:.]+Z<\/updated>/);
      expect(e).toMatch(/<author><name>[^<]+<\/name><\/author>/);
    }
    expect(entries[0]).toContain("<title>X: Fixed a citation</title>");
    // An edit links to its diff; a first revision to itself.
    expect(entries[0]).toContain('href="https://a.example/wiki/x/history?from=6&amp;to=7"');
    expect(entries[1]).toContain('<link rel="alternate" type="text/html" href="https://a.example/wiki/x/revisions/6"/>');
  });

  it("escapes summaries, titles and names", () => {
    const xml = buildAtomFeed(info, [change({ summary: "<script>alert(1)</script> & more", authorName: 'A "B" <c>', title: "T&T" })]);
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("<title>T&amp;T: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</title>");
    expect(xml).toContain("<name>A &quot;B&quot; &lt;c&gt;</name>");
  });

  it("says so when a change has no summary, and an empty feed is still valid", () => {
    expect(buildAtomFeed(info, [change({ summary: "  " })])).toContain('<summary type="text">No edit summary.</summary>');
    const empty = buildAtomFeed(info, [], new Date("2026-01-01T00:00:00Z"));
    expect(empty).toContain("<updated>2026-01-01T00:00:00.000Z</updated>");
    expect(empty).not.toContain("<entry>");
  });

  it("encodes slugs in links", () => {
    expect(changeHref({ slug: "a b", revisionId: 2, parentId: null })).toBe("/wiki/a%20b/revisions/2");
  });
});
