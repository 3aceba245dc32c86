// The dumps on a fresh, seeded database: every article in both files, checksums that match the files, the licence and
// attribution present; served by two separately loaded route handlers (two "instances") reading one DUMPS_DIR.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, gunzipSync } from "node:zlib";
import { asc, eq } from "drizzle-orm";
import { extract } from "tar-stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { articles, revisions, users } from "@/lib/db/schema";
import { publishRevision } from "@/lib/articles/publish";
import type { DbHandle } from "@/lib/db/client";
import { generateDumps, type DumpArticle } from "@/lib/dumps/generate";
import { DUMPS_CRON } from "@/lib/dumps/job";
import { DUMP_FILES, readLatest, readLatestManifest } from "@/lib/dumps/store";
import { resetEnvCache } from "@/lib/env";
import { getBoss } from "@/lib/jobs/boss";
import { handlers } from "@/lib/jobs/handlers";
import { QUEUES } from "@/lib/jobs/queues";
import { seedIfEmpty } from "@/lib/seed";
import { createTestDatabase } from "../support/db";

vi.mock("next/cache", () => ({ unstable_cache: <T>(fn: T) => fn, updateTag: () => {}, revalidateTag: () => {} }));

let handle: DbHandle;
let dir: string;
const site = { siteUrl: "https://attune.example", siteName: "Attune" };
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Every entry of a .tar.gz, by name. */
async function untar(file: string): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  const ex = extract();
  ex.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: unknown) => {
      chunks.push(c as Buffer);
    });
    stream.on("end", () => {
      entries.set(header.name, Buffer.concat(chunks).toString("utf8"));
      next();
    });
  });
  await pipeline(Readable.from(await readFile(file)), createGunzip(), ex);
  return entries;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await seedIfEmpty(handle.db);
  dir = await mkdtemp(path.join(tmpdir(), "attune-dumps-"));
  // A second contributor on one article, and one whose account was deleted.
  await handle.db.insert(users).values({ id: "dump-author", displayName: "Dana Dumpwright", role: "contributor" });
  const [jealousy] = await handle.db.select({ id: articles.id }).from(articles).where(eq(articles.slug, "jealousy"));
  const [current] = await handle.db
    .select({ source: revisions.source })
    .from(revisions)
    .innerJoin(articles, eq(articles.currentRevisionId, revisions.id))
    .where(eq(articles.id, jealousy.id));
  await handle.db.transaction(async (tx) => {
    await publishRevision(tx, {
      articleId: jealousy.id,
      source: `${current.source}\nAn added sentence.\n`,
      authorId: "dump-author",
      summary: "Add",
      kind: "edit",
    });
    await publishRevision(tx, { articleId: jealousy.id, source: `${current.source}\nAnother sentence.\n`, authorId: null, summary: "Gone", kind: "edit" });
  });
}, 120_000);
afterAll(async () => {
  await handle.close();
  await rm(dir, { recursive: true, force: true });
});

describe("generateDumps", () => {
  it("writes every article to both files, with matching checksums, the licence and the attribution", async () => {
    // A small batch, so the keyset walks many pages.
    const manifest = await generateDumps(handle.db, { dir, ...site, batchSize: 3 });
    const all = await handle.db
      .select({ slug: articles.slug, title: articles.title, source: revisions.source, revisionId: revisions.id })
      .from(articles)
      .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
      .orderBy(asc(articles.id));
    expect(all.length).toBeGreaterThan(5);
    expect(manifest.articles).toBe(all.length);
    const folder = path.join(dir, manifest.generation);

    const lines = gunzipSync(await readFile(path.join(folder, DUMP_FILES.jsonl)))
      .toString("utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as DumpArticle);
    expect(lines.map((l) => l.slug)).toEqual(all.map((a) => a.slug));
    for (const [i, a] of all.entries()) {
      expect(lines[i]).toMatchObject({ title: a.title, source: a.source, revisionId: a.revisionId, licence: "CC-BY-SA-4.0" });
      expect(lines[i].contributors.length).toBeGreaterThan(0);
    }
    expect(lines.find((l) => l.slug === "jealousy")?.contributors).toEqual(["Attune editors", "Dana Dumpwright", "former contributor"]);

    const tar = await untar(path.join(folder, DUMP_FILES.markdown));
    for (const a of all) expect(tar.get(`${a.slug}.md`)?.trimEnd()).toBe(a.source.trimEnd());
    expect(tar.get("LICENCE")).toContain("Attribution-ShareAlike 4.0 International");
    expect(tar.get("LICENCE")).toContain("https://creativecommons.org/licenses/by-sa/4.0/");
    const attribution = tar.get("ATTRIBUTION") ?? "";
    for (const a of all) expect(attribution).toContain(`${a.title} — https://attune.example/wiki/${a.slug}`);
    expect(attribution).toMatch(/Jealousy — https:\/\/attune\.example\/wiki\/jealousy\n {2}Attune editors\n {2}Dana Dumpwright\n {2}former contributor\n/);

    const sums = (await readFile(path.join(folder, DUMP_FILES.checksums), "utf8")).trim().split("\n");
    expect(sums).toHaveLength(2);
    for (const row of sums) {
      const [hash, name] = row.split("  ");
      const bytes = await readFile(path.join(folder, name));
      expect(sha256(bytes)).toBe(hash);
      expect(manifest.files.find((f) => f.name === name)).toEqual({ name, bytes: bytes.length, sha256: hash });
    }
    expect(await readLatestManifest(dir)).toEqual(manifest);
  });

  it("keeps the last three generations and points latest at the newest", async () => {
    let newest = "";
    for (let i = 0; i < 3; i++) newest = (await generateDumps(handle.db, { dir, ...site, now: new Date(Date.now() + (i + 1) * 1000) })).generation;
    const folders = (await readdir(dir)).filter((n) => !n.startsWith(".") && n !== "latest.json").sort();
    expect(folders).toHaveLength(3);
    expect(folders.at(-1)).toBe(newest);
    expect((await readLatest(dir))?.generation).toBe(newest);
    expect((await readdir(dir)).some((n) => n.startsWith(".tmp-"))).toBe(false);
  });
});

describe("serving the dumps", () => {
  /** A route handler as a fresh instance loads it: its own module copy and its own parsed environment. */
  async function instance(dumpsDir: string) {
    vi.stubEnv("DUMPS_DIR", dumpsDir);
    resetEnvCache();
    vi.resetModules();
    const route = await import("@/app/dumps/latest/[file]/route");
    return (file: string) => route.GET(new Request(`http://localhost/dumps/latest/${file}`), { params: Promise.resolve({ file }) });
  }

  it("answers 404 until a dump exists, and for a name that is not a dump file", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "attune-dumps-empty-"));
    const get = await instance(empty);
    expect((await get(DUMP_FILES.jsonl)).status).toBe(404);
    expect((await get("../latest.json")).status).toBe(404);
    expect((await get("latest.json")).status).toBe(404);
    await rm(empty, { recursive: true });
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  it("serves the same latest files from two instances sharing DUMPS_DIR, matching the manifest", async () => {
    const manifest = await readLatestManifest(dir);
    expect(manifest).not.toBeNull();
    const a = await instance(dir);
    const b = await instance(dir);
    for (const f of manifest!.files) {
      const [ra, rb] = await Promise.all([a(f.name), b(f.name)]);
      for (const r of [ra, rb]) {
        expect(r.status).toBe(200);
        expect(r.headers.get("content-type")).toBe("application/gzip");
        expect(r.headers.get("content-length")).toBe(String(f.bytes));
        expect(r.headers.get("cache-control")).toContain("public");
        expect(sha256(Buffer.from(await r.arrayBuffer()))).toBe(f.sha256);
      }
    }
    const sums = await a(DUMP_FILES.checksums);
    expect(sums.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await sums.text()).toContain(manifest!.files[0].sha256);
    expect(JSON.parse(await (await b(DUMP_FILES.manifest)).text())).toEqual(manifest);
    vi.unstubAllEnvs();
    resetEnvCache();
  });
});

describe("the nightly job", () => {
  it("is scheduled at 03:00 UTC and its handler writes a dump into DUMPS_DIR", async () => {
    await getBoss().schedule(QUEUES.dumps, DUMPS_CRON, {}, { tz: "UTC" });
    expect(await getBoss().getSchedules(QUEUES.dumps)).toEqual([expect.objectContaining({ name: QUEUES.dumps, cron: "0 3 * * *", timezone: "UTC" })]);
    const jobDir = await mkdtemp(path.join(tmpdir(), "attune-dumps-job-"));
    vi.stubEnv("DUMPS_DIR", jobDir);
    resetEnvCache();
    const result = (await handlers[QUEUES.dumps]({})) as { generation: string; articles: number };
    expect((await readLatest(jobDir))?.generation).toBe(result.generation);
    expect(result.articles).toBeGreaterThan(5);
    vi.unstubAllEnvs();
    resetEnvCache();
    await rm(jobDir, { recursive: true });
  });
});
