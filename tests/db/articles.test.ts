import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldsToSource, sourceToFields } from "@/lib/articles/editor-model";
import { publishRevision } from "@/lib/articles/publish";
import type { DbHandle } from "@/lib/db/client";
import { articleAliases, articles, revisions } from "@/lib/db/schema";
import { readSeedArticles, seedIfEmpty } from "@/lib/seed";
import { searchArticles } from "@/lib/articles/search";
import { changeSize, compareTexts } from "@/lib/moderation/diff";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

const source = (title: string, extra = "", body = "A lead paragraph that says what the article is about.\n\n## History\nSome history.") =>
  `---\ntitle: ${title}\nsummary: A short summary of ${title}.\ncategory: [Testing]\n${extra}---\n${body}\n`;

describe("seed", () => {
  it("fills an empty database once and never over content", async () => {
    const n = await seedIfEmpty(handle.db);
    expect(n).toBe(readSeedArticles().length);
    expect(await seedIfEmpty(handle.db)).toBe(0);
    const rows = await handle.db.select({ slug: articles.slug, current: articles.currentRevisionId }).from(articles);
    expect(rows).toHaveLength(n);
    expect(rows.every((r) => r.current !== null)).toBe(true);
  });

  it("stores each article in the editor's own layout, so a first edit's diff is only that edit", async () => {
    const stored = await handle.db
      .select({ slug: articles.slug, source: revisions.source })
      .from(articles)
      .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId));
    for (const { slug, source } of stored) {
      const fields = sourceToFields(source);
      expect(fieldsToSource(fields), slug).toBe(source);
      const edited = fieldsToSource({ ...fields, summary: `${fields.summary} Reviewed.` });
      expect(changeSize(compareTexts(source, edited).parts), slug).toEqual({ added: 1, removed: 0 });
    }
  });

  it("stores aliases that point at their article", async () => {
    const [row] = await handle.db
      .select({ slug: articles.slug })
      .from(articleAliases)
      .innerJoin(articles, eq(articles.id, articleAliases.articleId))
      .where(eq(articleAliases.slug, "push-pull-dynamic"));
    expect(row?.slug).toBe("anxious-avoidant-relationship");
  });
});

describe("publishRevision", () => {
  it("creates an article with derived fields and a first revision", async () => {
    const result = await handle.db.transaction((tx) =>
      publishRevision(tx, {
        source: source("Émotional Test Topic", "aliases: [test alias one, Second Alias]\n"),
        authorId: null,
        summary: "new",
        kind: "create",
      }),
    );
    expect(result.article.slug).toBe("emotional-test-topic");
    const [a] = await handle.db.select().from(articles).where(eq(articles.id, result.article.id));
    expect(a.letter).toBe("e");
    expect(a.categories).toEqual(["Testing"]);
    expect(a.aliasesText).toContain("Second Alias");
    expect(a.bodyText).toContain("Some history.");
    expect(a.currentRevisionId).toBe(result.revisionId);
    const aliases = await handle.db.select({ slug: articleAliases.slug }).from(articleAliases).where(eq(articleAliases.articleId, a.id));
    expect(aliases.map((x) => x.slug).sort()).toEqual(["second-alias", "test-alias-one"]);
  });

  it("appends revisions with a parent and keeps a renamed article's old slug as an alias", async () => {
    const created = await handle.db.transaction((tx) => publishRevision(tx, { source: source("Rename Me"), authorId: null, summary: "new", kind: "create" }));
    const renamed = await handle.db.transaction((tx) =>
      publishRevision(tx, { articleId: created.article.id, source: source("Renamed Topic"), authorId: null, summary: "rename", kind: "edit" }),
    );
    expect(renamed.previousSlug).toBe("rename-me");
    const [rev] = await handle.db.select().from(revisions).where(eq(revisions.id, renamed.revisionId));
    expect(rev.parentId).toBe(created.revisionId);
    const [alias] = await handle.db.select().from(articleAliases).where(eq(articleAliases.slug, "rename-me"));
    expect(alias).toMatchObject({ articleId: created.article.id, kind: "former_slug" });
    const history = await handle.db.select({ id: revisions.id }).from(revisions).where(eq(revisions.articleId, created.article.id));
    expect(history).toHaveLength(2);
  });

  it("refuses a slug another article already uses, and an invalid source, writing nothing", async () => {
    const before = await handle.db.select({ id: revisions.id }).from(revisions);
    await expect(
      handle.db.transaction((tx) => publishRevision(tx, { source: source("Jealousy"), authorId: null, summary: "dup", kind: "create" })),
    ).rejects.toMatchObject({ code: "conflict", message: "Another article already uses the address /wiki/jealousy." });
    await expect(
      handle.db.transaction((tx) => publishRevision(tx, { source: source("Push-Pull Dynamic"), authorId: null, summary: "dup", kind: "create" })),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/^Another article already uses the address/) });
    await expect(
      handle.db.transaction((tx) => publishRevision(tx, { source: "no front matter", authorId: null, summary: "bad", kind: "create" })),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/^The article source is not valid/) });
    const after = await handle.db.select({ id: revisions.id }).from(revisions);
    expect(after).toHaveLength(before.length);
  });

  it("keeps raw HTML in a source out of the stored plain text and the search vector", async () => {
    const body = [
      "A lead about quinceworthy habits.",
      '<script>alert("zanzibarquux")</script>',
      '<div title="xylographic">marmalizer block</div>',
      "## History",
      'Inline <span data-x="vorpalish">kept words</span> and <img src=x onerror="fjordblink()"> here.',
    ].join("\n\n");
    const created = await handle.db.transaction((tx) =>
      publishRevision(tx, { source: source("Raw Html Topic", "", body), authorId: null, summary: "new", kind: "create" }),
    );
    const [a] = await handle.db.select({ bodyText: articles.bodyText }).from(articles).where(eq(articles.id, created.article.id));
    expect(a.bodyText).toContain("quinceworthy");
    expect(a.bodyText).toContain("kept words");
    for (const hidden of ["<", "zanzibarquux", "xylographic", "marmalizer", "vorpalish", "fjordblink", "onerror"]) expect(a.bodyText).not.toContain(hidden);
    expect((await searchArticles(handle.db, "quinceworthy")).map((h) => h.slug)).toEqual(["raw-html-topic"]);
    for (const hidden of ["zanzibarquux", "xylographic", "marmalizer", "vorpalish", "fjordblink"])
      expect(await searchArticles(handle.db, hidden), hidden).toEqual([]);
  });

  it("makes full-text search find an article by words of its body", async () => {
    const { rowsOf } = await import("@/lib/db/client");
    const { sql } = await import("drizzle-orm");
    const rows = rowsOf<{ slug: string }>(
      await handle.db.execute(
        sql`select slug from articles where search_vector @@ websearch_to_tsquery('english', 'pull dynamic') order by ts_rank(search_vector, websearch_to_tsquery('english', 'pull dynamic')) desc`,
      ),
    );
    expect(rows[0]?.slug).toBe("anxious-avoidant-relationship");
  });
});
