// The type-ahead's in-memory index (lib/articles/suggest-index.ts): it answers every prefix exactly as the database
// query does, and it follows publications: at once on the instance that approved, within a second elsewhere.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { corpusGenerator } from "@/lib/articles/corpus";
import { publishRevision } from "@/lib/articles/publish";
import { suggest, suggestArticles, suggestQuery } from "@/lib/articles/suggest";
import { loadedSuggestIndex, markSuggestIndexStale, SUGGEST_REFRESH_MS } from "@/lib/articles/suggest-index";
import { rowsOf, type DbHandle } from "@/lib/db/client";
import { seedIfEmpty } from "@/lib/seed";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
const corpus = corpusGenerator({ seed: 7 });
beforeAll(async () => {
  handle = await createTestDatabase();
  await seedIfEmpty(handle.db);
  for (const i of [0, 1, 2, 3, 4, 5, 6, 7])
    await handle.db.transaction((tx) => publishRevision(tx, { source: corpus.source(i), authorId: null, summary: "Generated", kind: "create" }));
  await loadedSuggestIndex(handle.db);
}, 120_000);
afterAll(async () => {
  await handle.close();
});

const typed = (text: string) => suggestQuery(text) as string;

describe("the type-ahead index", () => {
  it("answers every beginning (1–6 characters) of every title and other name as the database query does", async () => {
    const names = rowsOf<{ name: string }>(
      await handle.db.execute(sql`select title as name from articles union select label from article_aliases where kind = 'alias'`),
    ).map((r) => r.name.toLowerCase());
    const prefixes = [...new Set(names.flatMap((n) => [1, 2, 3, 4, 5, 6].map((k) => n.slice(0, k).trim()).filter(Boolean)))];
    expect(prefixes.length).toBeGreaterThan(300);
    const index = await loadedSuggestIndex(handle.db);
    let compared = 0;
    for (const p of prefixes) {
      const q = suggestQuery(p);
      if (!q) continue;
      expect(index.prefix(q, 8), `prefix “${q}”`).toEqual(await suggestArticles(handle.db, q));
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
  });

  it("leaves near misses to the database: nothing starts with a misspelling", async () => {
    const index = await loadedSuggestIndex(handle.db);
    expect(index.prefix(typed("jelousy"), 8)).toEqual([]);
    expect((await suggest(handle.db, typed("jelousy")))[0]?.slug).toBe("jealousy");
  });

  it("finds an article approved on this instance at the next keystroke, and forgets its old title", async () => {
    const source = corpus.source(20);
    const title = corpus.title(20);
    expect((await suggest(handle.db, typed(title))).map((s) => s.title)).not.toContain(title);
    const published = await handle.db.transaction((tx) => publishRevision(tx, { source, authorId: null, summary: "New", kind: "create" }));
    markSuggestIndexStale();
    expect((await suggest(handle.db, typed(title)))[0]).toMatchObject({ slug: published.article.slug, title, matched: null });

    // A new title for the same article: the old one is no longer offered.
    const renamed = source.replace(`title: ${title}`, "title: Zzyzx Renamed Pattern");
    expect(renamed).not.toBe(source);
    const edited = await handle.db.transaction((tx) =>
      publishRevision(tx, { articleId: published.article.id, source: renamed, authorId: null, summary: "Renamed", kind: "edit" }),
    );
    markSuggestIndexStale();
    expect((await suggest(handle.db, typed("zzyzx")))[0]).toMatchObject({ slug: edited.article.slug, title: "Zzyzx Renamed Pattern" });
    expect((await suggest(handle.db, typed(title))).map((s) => s.title)).not.toContain(title);
  });

  it("picks up a change made by another instance within a second, without being told", async () => {
    const [row] = rowsOf<{ id: number; title: string }>(await handle.db.execute(sql`select id, title from articles where slug = 'jealousy'`));
    expect(row).toBeDefined();
    // Another instance's publication, as this one sees it: a changed row with a newer updated_at, and no call here.
    await handle.db.execute(sql`update articles set title = 'Qwxjealousy Elsewhere', updated_at = now() where id = ${row!.id}`);
    await new Promise((r) => setTimeout(r, SUGGEST_REFRESH_MS + 50));
    await vi.waitFor(async () => expect((await suggest(handle.db, typed("qwxj")))[0]?.slug).toBe("jealousy"), { timeout: 5000 });
    await handle.db.execute(sql`update articles set title = ${row!.title}, updated_at = now() where id = ${row!.id}`);
  });
});
