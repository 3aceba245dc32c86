// Type-ahead (issue 13, item 3): prefix matches of titles, then of other names (shown with the name that matched),
// then near misses, at most 8, on the seed articles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SUGGESTIONS, suggest as answer, suggestArticles, suggestQuery } from "@/lib/articles/suggest";
import { loadedSuggestIndex } from "@/lib/articles/suggest-index";
import type { DbHandle } from "@/lib/db/client";
import { seedIfEmpty } from "@/lib/seed";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await seedIfEmpty(handle.db);
  await loadedSuggestIndex(handle.db);
});
afterAll(async () => {
  await handle.close();
});

// Every case runs twice: on the database's query alone, and as the endpoint answers (the in-memory index for
// prefixes, the database for near misses): the two must agree.
describe.each([
  ["the database query", suggestArticles],
  ["the endpoint (in-memory index)", answer],
] as const)("type-ahead through %s", (_, ask) => {
  const suggest = async (typed: string) => {
    const q = suggestQuery(typed);
    return q ? ask(handle.db, q) : [];
  };

  it("puts titles that start with the typed letters first, shorter first", async () => {
    const s = await suggest("Sec");
    expect(s[0]).toEqual({ slug: "secure-attachment", title: "Secure Attachment", matched: null, kind: null, shown: "Secure Attachment" });
  });

  it("finds an article by the start of another name and says which name matched", async () => {
    const s = await suggest("securely att");
    // Its kind comes from the seed's front matter (tests/db/other-names.test.ts checks kinds on a fixture).
    expect(s[0]).toMatchObject({ slug: "secure-attachment", title: "Secure Attachment", matched: "securely attached" });
    expect(s[0]?.shown).toMatch(/^Secure Attachment — .+: securely attached$/);
  });

  it("offers a title the reader misspells (trigram similarity), after every prefix match", async () => {
    expect((await suggest("jelousy"))[0]?.slug).toBe("jealousy");
    const mixed = await suggest("att");
    const firstNearMiss = mixed.findIndex((s) => !(s.matched ?? s.title).toLowerCase().startsWith("att"));
    if (firstNearMiss !== -1) expect(mixed.slice(firstNearMiss).every((s) => !(s.matched ?? s.title).toLowerCase().startsWith("att"))).toBe(true);
    expect(mixed[0]?.title.toLowerCase().startsWith("att")).toBe(true);
  });

  it("gives each article once and at most 8", async () => {
    const s = await suggest("a");
    expect(s.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
    expect(new Set(s.map((x) => x.slug)).size).toBe(s.length);
    expect(s.length).toBeGreaterThan(0);
  });

  it("treats LIKE wildcards as the characters they are", async () => {
    expect(await suggest("%")).toEqual([]);
    expect(await suggest("_e")).toEqual([]);
  });

  it("suggests nothing for empty, punctuation-only or over-long input", async () => {
    expect(suggestQuery("")).toBeNull();
    expect(suggestQuery("   ")).toBeNull();
    expect(suggestQuery("?!")).toBeNull();
    expect(suggestQuery(null)).toBeNull();
    expect(suggestQuery("a".repeat(101))).toBeNull();
    expect(suggestQuery("  Securely  Attached ")).toBe("securely attached");
  });
});
