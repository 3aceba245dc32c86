// Writing a dump: the current revision of every article as JSON Lines and as a Markdown tarball (both gzipped), with
// LICENCE and ATTRIBUTION, SHA256SUMS and manifest.json. Articles are read in keyset batches and streamed to disk, so
// the number of articles never decides the memory used. Written into a temporary folder, renamed into place, then
// latest.json is replaced (a rename too): a reader sees the old dump or the new one, never half of one.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip, type Gzip } from "node:zlib";
import { asc, eq, gt, inArray, sql } from "drizzle-orm";
import { pack as tarPack, type Pack } from "tar-stream";
import type { Db } from "../db/client";
import { articles, revisions, users } from "../db/schema";
import { attributionBlock, attributionHeader, licenceText } from "./licence";
import { DUMP_FILES, GENERATION_NAME, LATEST_FILE, readLatest, type DumpManifest, type LatestPointer } from "./store";

export type GenerateOptions = {
  dir: string;
  siteUrl: string;
  siteName: string;
  now?: Date;
  /** Articles read per query. */ batchSize?: number;
  /** How many generations to keep (the newest). */ keep?: number;
};

/** One line of the JSON Lines file. */
export type DumpArticle = {
  slug: string;
  title: string;
  revisionId: number;
  source: string;
  updated: string;
  url: string;
  contributors: string[];
  licence: "CC-BY-SA-4.0";
};

const TEMP_PREFIX = ".tmp-";
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

/** A sortable folder name for a generation made at `now` (milliseconds kept, so two runs never share one). */
export function generationName(now: Date): string {
  return now.toISOString().replace(/[:.]/g, "");
}

async function write(stream: Gzip | WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, "drain");
}

function addEntry(pack: Pack, name: string, content: string | Buffer, mtime: Date): Promise<void> {
  const body = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return new Promise((resolve, reject) => pack.entry({ name, size: body.length, mtime, mode: 0o644 }, body, (error) => (error ? reject(error) : resolve())));
}

async function addFileEntry(pack: Pack, name: string, file: string, mtime: Date): Promise<void> {
  const { size } = await stat(file);
  const entry = pack.entry({ name, size, mtime, mode: 0o644 });
  await pipeline(createReadStream(file), entry);
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

/** Each article's contributors by display name, in the order they first contributed (one grouped query per batch). */
async function contributorsOf(db: Db, articleIds: number[]): Promise<Map<number, string[]>> {
  const name = sql<string>`coalesce(${users.displayName}, 'former contributor')`;
  const rows = await db
    .select({ articleId: revisions.articleId, name })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.authorId))
    .where(inArray(revisions.articleId, articleIds))
    .groupBy(revisions.articleId, name)
    .orderBy(asc(revisions.articleId), sql`min(${revisions.createdAt})`, sql`min(${revisions.id})`);
  const byArticle = new Map<number, string[]>();
  for (const r of rows) {
    const list = byArticle.get(r.articleId) ?? [];
    list.push(r.name);
    byArticle.set(r.articleId, list);
  }
  return byArticle;
}

/** Generates a dump into `dir`, makes it the latest, and prunes old generations. Returns its manifest. */
export async function generateDumps(db: Db, options: GenerateOptions): Promise<DumpManifest> {
  const now = options.now ?? new Date();
  const created = now.toISOString();
  const batchSize = options.batchSize ?? 500;
  const generation = generationName(now);
  await mkdir(options.dir, { recursive: true });
  const temp = path.join(/*turbopackIgnore: true*/ options.dir, `${TEMP_PREFIX}${generation}-${randomBytes(4).toString("hex")}`);
  await mkdir(temp);
  try {
    const jsonlPath = path.join(/*turbopackIgnore: true*/ temp, DUMP_FILES.jsonl);
    const tarPath = path.join(/*turbopackIgnore: true*/ temp, DUMP_FILES.markdown);
    const attributionPath = path.join(/*turbopackIgnore: true*/ temp, "ATTRIBUTION.part");

    const jsonl = createGzip();
    const jsonlDone = pipeline(jsonl, createWriteStream(jsonlPath));
    const pack = tarPack();
    const tarDone = pipeline(pack, createGzip(), createWriteStream(tarPath));
    const attribution = createWriteStream(attributionPath);
    // Seen by the awaits below; marked handled now so an early failure is not reported as unhandled first.
    jsonlDone.catch(() => undefined);
    tarDone.catch(() => undefined);

    await addEntry(pack, "LICENCE", licenceText(options.siteName, options.siteUrl), now);
    await write(attribution, attributionHeader(options.siteName, options.siteUrl, created));

    let count = 0;
    let lastId = 0;
    for (;;) {
      const batch = await db
        .select({
          id: articles.id,
          slug: articles.slug,
          title: articles.title,
          updatedAt: articles.updatedAt,
          revisionId: revisions.id,
          source: revisions.source,
        })
        .from(articles)
        .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
        .where(gt(articles.id, lastId))
        .orderBy(asc(articles.id))
        .limit(batchSize);
      if (batch.length === 0) break;
      const contributors = await contributorsOf(
        db,
        batch.map((a) => a.id),
      );
      for (const a of batch) {
        const names = contributors.get(a.id) ?? [];
        const line: DumpArticle = {
          slug: a.slug,
          title: a.title,
          revisionId: a.revisionId,
          source: a.source,
          updated: a.updatedAt.toISOString(),
          url: `${options.siteUrl}/wiki/${a.slug}`,
          contributors: names,
          licence: "CC-BY-SA-4.0",
        };
        await write(jsonl, `${JSON.stringify(line)}\n`);
        await addEntry(pack, `${a.slug}.md`, a.source.endsWith("\n") ? a.source : `${a.source}\n`, a.updatedAt);
        await write(attribution, attributionBlock(a, names, options.siteUrl));
      }
      count += batch.length;
      lastId = batch[batch.length - 1].id;
      if (batch.length < batchSize) break;
    }

    attribution.end();
    await once(attribution, "finish");
    await addFileEntry(pack, "ATTRIBUTION", attributionPath, now);
    await rm(attributionPath);
    pack.finalize();
    jsonl.end();
    await Promise.all([jsonlDone, tarDone]);

    const files = [];
    for (const name of [DUMP_FILES.jsonl, DUMP_FILES.markdown]) {
      const file = path.join(/*turbopackIgnore: true*/ temp, name);
      files.push({ name, bytes: (await stat(file)).size, sha256: await sha256Of(file) });
    }
    // The format sha256sum -c reads: "<hex>  <name>".
    await writeFile(path.join(/*turbopackIgnore: true*/ temp, DUMP_FILES.checksums), files.map((f) => `${f.sha256}  ${f.name}\n`).join(""));
    const manifest: DumpManifest = {
      generation,
      created,
      licence: "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)",
      articles: count,
      files,
    };
    await writeFile(path.join(/*turbopackIgnore: true*/ temp, DUMP_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);

    await rename(temp, path.join(/*turbopackIgnore: true*/ options.dir, generation));
    await pointLatestAt(options.dir, { generation, created });
    await pruneGenerations(options.dir, options.keep ?? 3);
    return manifest;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Replaces latest.json in one rename, so a reader on any instance reads the old pointer or the new one. */
export async function pointLatestAt(dir: string, pointer: LatestPointer): Promise<void> {
  const temp = path.join(/*turbopackIgnore: true*/ dir, `${LATEST_FILE}.${randomBytes(4).toString("hex")}.tmp`);
  await writeFile(temp, `${JSON.stringify(pointer)}\n`);
  await rename(temp, path.join(/*turbopackIgnore: true*/ dir, LATEST_FILE));
}

/** Keeps the newest `keep` generations (never the one latest.json names) and clears temporary folders a crash left. */
export async function pruneGenerations(dir: string, keep: number, now = Date.now()): Promise<string[]> {
  const latest = await readLatest(dir);
  const entries = await readdir(dir, { withFileTypes: true });
  const generations = entries
    .filter((e) => e.isDirectory() && GENERATION_NAME.test(e.name))
    .map((e) => e.name)
    .sort();
  const removed: string[] = [];
  for (const name of generations.slice(0, Math.max(0, generations.length - keep))) {
    if (name === latest?.generation) continue;
    await rm(path.join(/*turbopackIgnore: true*/ dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  for (const e of entries) {
    if (!e.isDirectory() || !e.name.startsWith(TEMP_PREFIX)) continue;
    const { mtimeMs } = await stat(path.join(/*turbopackIgnore: true*/ dir, e.name));
    if (now - mtimeMs > STALE_TEMP_MS) await rm(path.join(/*turbopackIgnore: true*/ dir, e.name), { recursive: true, force: true });
  }
  return removed;
}
