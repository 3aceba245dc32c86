// Evidence stored at publication, filled for older rows, read by the listings and search in their own query; and the
// hover preview's logic (lib/articles/preview.ts) for a known slug, an other name, a former address and an unknown slug.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fillMissingEvidence } from "@/lib/articles/evidence-backfill";
import { getArticlePreview } from "@/lib/articles/preview";
import { publishRevision } from "@/lib/articles/publish";
import { listArticlesByLetter } from "@/lib/articles/queries";
import { searchArticles } from "@/lib/articles/search";
import { setDbHandle, type DbHandle } from "@/lib/db/client";
import { articleAliases, articles } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { createTestDatabase } from "../support/db";

vi.mock("next/cache", () => ({ unstable_cache: <T>(fn: T) => fn, updateTag: () => {}, revalidateTag: () => {} }));

let handle: DbHandle;
let articleId: number;

const source = (title: string, extra = "") => `---
title: ${title}
summary: A study-backed summary of ${title}.
category: [Testing]
aliases: [preview other name]
figure: { src: /figures/jealousy.svg, alt: "Two figures" }
sources:
  - { key: m1, author: A, year: 2001, title: One, type: meta-analysis }
  - { key: m2, author: B, year: 2002, title: Two, type: meta-analysis }
  - { key: x, author: C, year: 2003, title: Three }
---
A lead paragraph [@m1].

## History
A claim [@m2]. Another [@x].${extra}
`;

beforeAll(async () => {
  handle = await createTestDatabase();
  setDbHandle(handle);
  const published = await handle.db.transaction((tx) => publishRevision(tx, { source: source("Preview Topic"), authorId: null, summary: "t", kind: "create" }));
  articleId = published.article.id;
}, 60_000);
afterAll(async () => {
  await handle.close();
});

const notFound = (p: Promise<unknown>) =>
  expect(p).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === "not_found" && e.message === "There is no article at that address.");

describe("evidence in the database", () => {
  it("is stored with the revision at publication", async () => {
    const [row] = await handle.db.select({ evidence: articles.evidence }).from(articles).where(eq(articles.id, articleId));
    expect(row.evidence).toMatchObject({ level: "strong", label: "Well researched", counts: { cited: 3, ungraded: 1 } });
  });

  it("gives listings and search the level in the same query", async () => {
    const listing = await listArticlesByLetter("p", 1);
    expect(listing.cards.find((c) => c.slug === "preview-topic")?.evidenceLevel).toBe("strong");
    const hits = await searchArticles(handle.db, "preview topic");
    expect(hits.find((h) => h.slug === "preview-topic")?.evidenceLevel).toBe("strong");
  });

  it("is filled for rows stored before it existed, at most as many as asked", async () => {
    await handle.db.execute(sql`update articles set evidence = null`);
    expect(await fillMissingEvidence(handle.db, { max: 0 })).toBe(0);
    expect(await fillMissingEvidence(handle.db, { pageSize: 1 })).toBe(1);
    const [row] = await handle.db.select({ evidence: articles.evidence }).from(articles).where(eq(articles.id, articleId));
    expect(row.evidence).toMatchObject({ level: "strong" });
    expect(await fillMissingEvidence(handle.db)).toBe(0);
    // A value of an older version is stale too.
    await handle.db.execute(sql`update articles set evidence = jsonb_set(evidence, '{version}', '0') where id = ${articleId}`);
    expect(await fillMissingEvidence(handle.db)).toBe(1);
    const [again] = await handle.db.select({ evidence: articles.evidence }).from(articles).where(eq(articles.id, articleId));
    expect(again.evidence).toMatchObject({ version: 1, level: "strong" });
  });
});

describe("hover previews", () => {
  it("previews a published article", async () => {
    expect(await getArticlePreview("preview-topic")).toEqual({
      slug: "preview-topic",
      title: "Preview Topic",
      summary: "A study-backed summary of Preview Topic.",
      figure: { src: "/figures/jealousy.svg", alt: "Two figures" },
      evidence: {
        level: "strong",
        label: "Well researched",
        line: "Most claims here rest on two meta-analyses. One of the three sources cited is not yet graded.",
      },
      url: "/wiki/preview-topic",
    });
  });

  it("computes the evidence for a row that has none yet", async () => {
    await handle.db.execute(sql`update articles set evidence = null where id = ${articleId}`);
    expect((await getArticlePreview("preview-topic")).evidence?.level).toBe("strong");
  });

  it("follows an other name and a former address to the article", async () => {
    const [alias] = await handle.db.select({ slug: articleAliases.slug }).from(articleAliases).where(eq(articleAliases.articleId, articleId));
    expect(alias.slug).toBe("preview-other-name");
    expect((await getArticlePreview("preview-other-name")).slug).toBe("preview-topic");
    expect((await getArticlePreview("Preview-Topic")).slug).toBe("preview-topic");
    await handle.db.transaction((tx) =>
      publishRevision(tx, { articleId, source: source("Preview Topic Renamed"), authorId: null, summary: "rename", kind: "edit" }),
    );
    const renamed = await getArticlePreview("preview-topic");
    expect(renamed).toMatchObject({ slug: "preview-topic-renamed", title: "Preview Topic Renamed", url: "/wiki/preview-topic-renamed" });
  });

  it("answers not found for an unknown slug or one that is not a slug", async () => {
    await notFound(getArticlePreview("no-such-article"));
    await notFound(getArticlePreview("not a slug!"));
    await notFound(getArticlePreview("x".repeat(200)));
    await notFound(getArticlePreview(undefined));
  });
});
