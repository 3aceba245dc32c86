import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishRevision } from "@/lib/articles/publish";
import { SEARCH_CANDIDATES, searchArticles, searchPage } from "@/lib/articles/search";
import type { DbHandle } from "@/lib/db/client";
import { seedIfEmpty } from "@/lib/seed";
import { createTestDatabase } from "../support/db";
import { searchRankingCases } from "../support/search-cases";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await seedIfEmpty(handle.db);
});
afterAll(async () => {
  await handle.close();
});

describe("searchArticles", () => {
  for (const c of searchRankingCases)
    it(`ranks: ${c.why} (“${c.query}” → ${c.first})`, async () => {
      expect((await searchArticles(handle.db, c.query))[0]?.slug).toBe(c.first);
    });

  it("finds an article first by one of its aliases", async () => {
    const hits = await searchArticles(handle.db, "push pull");
    expect(hits[0]?.slug).toBe("anxious-avoidant-relationship");
  });

  it("finds an article by a misspelt alias (trigram similarity on aliases)", async () => {
    // "frubble" is only an alias of Compersion: neither its title nor full-text search matches "frubbel".
    expect((await searchArticles(handle.db, "frubbel"))[0]?.slug).toBe("compersion");
  });

  it("tolerates a misspelt title", async () => {
    expect((await searchArticles(handle.db, "jelousy"))[0]?.slug).toBe("jealousy");
    expect((await searchArticles(handle.db, "limerance"))[0]?.slug).toBe("limerence");
  });

  it("ranks by relevance and highlights matches in a snippet", async () => {
    const hits = await searchArticles(handle.db, "ghosting");
    expect(hits[0]?.slug).toBe("ghosting");
    expect(hits.length).toBeGreaterThan(1);
    expect(hits.some((h) => h.snippetHtml.includes("<mark>"))).toBe(true);
  });

  it("takes snippets from the sections, not the lead the summary already paraphrases, ending on a word", async () => {
    const hits = await searchArticles(handle.db, "jealousy");
    const jealousy = hits.find((h) => h.slug === "jealousy");
    // The lead's first sentence: "Jealousy is an emotional state triggered by the perception that a relationship…"
    expect(jealousy?.snippetHtml).not.toContain("emotional state triggered");
    expect(jealousy?.snippetHtml).toContain("<mark>");
    for (const h of hits.filter((x) => x.snippetHtml)) {
      expect(h.snippetHtml, h.slug).toMatch(/(…|[.!?]["”’)]*)$/);
      expect(h.snippetHtml, h.slug).not.toMatch(/[\s,;:](…)$/);
    }
  });

  it("shows no snippet when the searched words appear only in the title, aliases or lead", async () => {
    // "frubbel" finds Compersion through a misspelt alias: no body text holds it, so no fragment repeats the lead.
    const [hit] = await searchArticles(handle.db, "frubbel");
    expect(hit?.slug).toBe("compersion");
    expect(hit?.snippetHtml).toBe("");
  });

  it("answers a search whose words are all too short to look for in the text", async () => {
    await expect(searchArticles(handle.db, "ex")).resolves.toBeInstanceOf(Array);
  });

  it("treats SQL and odd input as plain words", async () => {
    await expect(searchArticles(handle.db, "'); drop table articles; --")).resolves.toBeInstanceOf(Array);
    await expect(searchArticles(handle.db, "\\ ' \" % _ | & ! : *")).resolves.toBeInstanceOf(Array);
    expect((await searchArticles(handle.db, "jealousy")).length).toBeGreaterThan(0);
  });

  it("finds nothing for a word no article uses", async () => {
    expect(await searchArticles(handle.db, "xylophonequartz")).toEqual([]);
  });

  it("pages results: no result twice, the same order as one long page, and a total that says when there are more", async () => {
    const first = await searchPage(handle.db, "relationship", 1, 5);
    const second = await searchPage(handle.db, "relationship", 2, 5);
    const long = await searchPage(handle.db, "relationship", 1, 10);
    expect(first.hits).toHaveLength(5);
    expect(first.total).toBeGreaterThan(10);
    expect(first.total).toBeLessThanOrEqual(SEARCH_CANDIDATES);
    expect(first.hasMore).toBe(true);
    expect([...first.hits, ...second.hits].map((h) => h.slug)).toEqual(long.hits.map((h) => h.slug));
    const last = await searchPage(handle.db, "relationship", Math.ceil(first.total / 5), 5);
    expect(last.hasMore).toBe(false);
    expect(last.hits.length).toBeGreaterThan(0);
    const past = await searchPage(handle.db, "relationship", Math.ceil(first.total / 5) + 1, 5);
    expect(past.hits).toEqual([]);
    expect(past.total).toBe(first.total);
  });

  it("puts an article whose title matches before articles that only mention the word", async () => {
    const hits = await searchArticles(handle.db, "limerence");
    expect(hits[0]?.slug).toBe("limerence");
    expect(hits.length).toBeGreaterThan(1);
  });

  it("finds the article titled with a common word first, though more articles hold it than a search ranks", async () => {
    const extra = SEARCH_CANDIDATES + 30;
    const source = (title: string, summary: string) =>
      `---\ntitle: ${title}\nsummary: ${summary}\ncategory: [Testing]\n---\nA lead paragraph about ${title}.\n\n## History\nSome history.\n`;
    await handle.db.transaction(async (tx) => {
      for (let i = 0; i < extra; i++)
        await publishRevision(tx, {
          source: source(`Marsupial Note ${i}`, `A note that mentions the quokka in passing, number ${i}.`),
          authorId: null,
          summary: "t",
          kind: "create",
        });
      // Published last: the last rows of the table, past any first-N scan of the summary matches.
      await publishRevision(tx, { source: source("Quokka", "The small marsupial itself."), authorId: null, summary: "t", kind: "create" });
    });
    const results = await searchPage(handle.db, "quokka");
    expect(results.hits[0]?.slug).toBe("quokka");
    expect(results.capped).toBe(true);
    expect(results.total).toBe(SEARCH_CANDIDATES);
  }, 120_000);
});
