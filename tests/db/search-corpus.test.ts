// The ranking cases of the seed articles (titles before body matches, other names, typos) among a generated corpus:
// 5,000 articles by default (CORPUS_TEST_ARTICLES), published through the same path as real ones. Loading takes about
// a minute on PostgreSQL, so this runs where CI points TEST_DATABASE_URL at one; on the embedded database it is skipped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchArticles } from "@/lib/articles/search";
import { suggest, suggestArticles, suggestQuery } from "@/lib/articles/suggest";
import type { DbHandle } from "@/lib/db/client";
import { loadCorpus } from "@/lib/seed/corpus-load";
import { createTestDatabase } from "../support/db";
import { searchRankingCases, suggestRankingCases } from "../support/search-cases";

const ARTICLES = Number(process.env.CORPUS_TEST_ARTICLES ?? 5000);
let handle: DbHandle;

describe.skipIf(!process.env.TEST_DATABASE_URL)(`search ranking among ${ARTICLES} generated articles (PostgreSQL)`, () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    const loaded = await loadCorpus(handle.db, ARTICLES);
    expect(loaded.added).toBe(ARTICLES);
  }, 600_000);
  afterAll(async () => {
    await handle?.close();
  });

  for (const c of searchRankingCases)
    it(`search: ${c.why} (“${c.query}” → ${c.first})`, async () => {
      expect((await searchArticles(handle.db, c.query))[0]?.slug).toBe(c.first);
    });

  for (const c of suggestRankingCases)
    it(`type-ahead: ${c.why} (“${c.query}” → ${c.first})`, async () => {
      const q = suggestQuery(c.query);
      expect(q).not.toBeNull();
      expect((await suggestArticles(handle.db, q as string))[0]?.slug).toBe(c.first);
      // And as the endpoint answers it (the in-memory index for prefixes).
      expect((await suggest(handle.db, q as string))[0]?.slug).toBe(c.first);
    });
});
