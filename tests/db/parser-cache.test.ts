// The parser cache (lib/articles/parser-cache.ts): stored at publication, identical to a fresh render for every seed
// article, re-rendered lazily when the renderer's version or an output-changing setting differs.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRendering, RENDERER_VERSION, renderRevisionSource, renderSettingsKey } from "@/lib/articles/parser-cache";
import type { DbHandle } from "@/lib/db/client";
import { articles, renderedRevisions, revisions } from "@/lib/db/schema";
import { seedIfEmpty } from "@/lib/seed";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await seedIfEmpty(handle.db);
});
afterAll(async () => {
  await handle.close();
});

const current = () =>
  handle.db
    .select({ slug: articles.slug, revisionId: revisions.id, source: revisions.source })
    .from(articles)
    .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId));

describe("parser cache", () => {
  it("holds a rendering of every published revision, stored when it was published", async () => {
    const rows = await current();
    const stored = await handle.db
      .select({ revisionId: renderedRevisions.revisionId })
      .from(renderedRevisions)
      .where(and(eq(renderedRevisions.rendererVersion, RENDERER_VERSION), eq(renderedRevisions.settingsKey, renderSettingsKey())));
    expect(new Set(stored.map((s) => s.revisionId))).toEqual(new Set(rows.map((r) => r.revisionId)));
  });

  it("serves the same HTML, contents, FAQs and text as a fresh render, for every seed article", async () => {
    for (const row of await current()) {
      const fresh = await renderRevisionSource(row.revisionId, row.source);
      const cached = await getRendering(handle.db, row.revisionId, row.source);
      expect(cached, row.slug).toEqual(fresh);
    }
  });

  it("renders again, lazily, for another renderer version or another image allow-list", async () => {
    const [row] = await current();
    // A rendering left by an older renderer is not served: the row for this version is made on the next read.
    await handle.db.delete(renderedRevisions).where(eq(renderedRevisions.revisionId, row.revisionId));
    await handle.db.insert(renderedRevisions).values({
      revisionId: row.revisionId,
      rendererVersion: RENDERER_VERSION - 1,
      settingsKey: renderSettingsKey(),
      meta: {},
      body: { leadHtml: "<p>stale</p>", html: "", toc: [], faqs: [], text: "", leadText: "" },
    });
    const served = await getRendering(handle.db, row.revisionId, row.source);
    expect(served.body.leadHtml).not.toContain("stale");
    const versions = await handle.db
      .select({ v: renderedRevisions.rendererVersion })
      .from(renderedRevisions)
      .where(eq(renderedRevisions.revisionId, row.revisionId));
    expect(versions.map((v) => v.v).sort()).toEqual([RENDERER_VERSION - 1, RENDERER_VERSION]);
    expect(renderSettingsKey(["upload.wikimedia.org"])).not.toBe(renderSettingsKey([]));
    expect(renderSettingsKey(["B.example", "a.example"])).toBe(renderSettingsKey(["a.example", "b.example"]));
  });
});
