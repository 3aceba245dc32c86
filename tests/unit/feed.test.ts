import { describe, expect, it } from "vitest";
import { buildRssFeed } from "@/lib/articles/feed";

const site = { url: "https://a.example", title: "T", description: "D" };
const card = (summary: string) => ({ slug: "x", title: "X", summary, letter: "x", categories: [], updatedAt: "2026-11-25T00:00:00.000Z" });

/** The text between <description> and </description> of the feed's only item. */
function itemDescription(xml: string): string {
  const match = xml.match(/<item>[\s\S]*?<description>([\s\S]*?)<\/description>/);
  if (!match) throw new Error(`No item description in:\n${xml}`);
  return match[1];
}

describe("buildRssFeed: item descriptions are plain text", () => {
  it("strips HTML and Markdown from the summary, keeps its words, and escapes it for XML", () => {
    const xml = buildRssFeed(site, [card('Love *really* <b>matters</b> & <script>alert("x")</script> see [the guide](https://evil.example/x) __now__')]);
    expect(itemDescription(xml)).toBe("Love really matters &amp; alert(&quot;x&quot;) see the guide now");
  });

  it("leaves no tag a feed reader could render, even one written with entities or Markdown escapes", () => {
    const description = itemDescription(buildRssFeed(site, [card("A &lt;img src=x onerror=alert(1)&gt; and \\<script> end")]));
    expect(description).not.toMatch(/&lt;[a-z/!?]/i);
    expect(description).not.toMatch(/</);
    expect(description).toBe("A and end");
  });

  it("keeps ordinary comparisons and ampersands as text", () => {
    expect(itemDescription(buildRssFeed(site, [card("Trust < fear & 3 > 2")]))).toBe("Trust &lt; fear &amp; 3 &gt; 2");
  });
});
