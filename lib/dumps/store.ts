// Where dumps live and how any instance reads them: DUMPS_DIR holds one folder per generation and latest.json, a
// small pointer file replaced atomically (a rename), so every instance on a shared volume sees the same latest dump.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { z } from "zod";

export const DUMP_FILES = {
  jsonl: "attune-articles.jsonl.gz",
  markdown: "attune-articles-md.tar.gz",
  checksums: "SHA256SUMS",
  manifest: "manifest.json",
} as const;

export type DumpFileName = (typeof DUMP_FILES)[keyof typeof DUMP_FILES];

const CONTENT_TYPES: Record<DumpFileName, string> = {
  "attune-articles.jsonl.gz": "application/gzip",
  "attune-articles-md.tar.gz": "application/gzip",
  SHA256SUMS: "text/plain; charset=utf-8",
  "manifest.json": "application/json; charset=utf-8",
};

export const LATEST_FILE = "latest.json";

/** A generation's folder name: its UTC time, sortable as text (2026-12-02T030000Z). */
export const GENERATION_NAME = /^\d{4}-\d{2}-\d{2}T\d{6}(?:\d{3})?Z$/;

export const latestSchema = z.object({ generation: z.string().regex(GENERATION_NAME), created: z.iso.datetime() });
export type LatestPointer = z.infer<typeof latestSchema>;

const fileEntry = z.object({ name: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
export const manifestSchema = z.object({
  generation: z.string().regex(GENERATION_NAME),
  created: z.iso.datetime(),
  licence: z.string(),
  articles: z.number().int().nonnegative(),
  files: z.array(fileEntry),
});
export type DumpManifest = z.infer<typeof manifestSchema>;

/** The name of a file a dump serves, or null for anything else (no path ever reaches the file system unchecked). */
export function dumpFileName(value: string): DumpFileName | null {
  return (Object.values(DUMP_FILES) as string[]).includes(value) ? (value as DumpFileName) : null;
}

export const contentTypeOf = (name: DumpFileName) => CONTENT_TYPES[name];

/** latest.json, or null when no dump has been made yet (or the pointer cannot be read). */
export async function readLatest(dir: string): Promise<LatestPointer | null> {
  let text: string;
  try {
    text = await readFile(path.join(/*turbopackIgnore: true*/ dir, LATEST_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const parsed = latestSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

/** The latest dump's manifest, or null when there is none yet. */
export async function readLatestManifest(dir: string): Promise<DumpManifest | null> {
  const latest = await readLatest(dir);
  if (!latest) return null;
  try {
    return manifestSchema.parse(JSON.parse(await readFile(path.join(/*turbopackIgnore: true*/ dir, latest.generation, DUMP_FILES.manifest), "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** One file of the latest dump as a web stream with its size, or null when there is no dump (or no such file) yet. */
export async function openLatestFile(dir: string, name: DumpFileName): Promise<{ body: ReadableStream; bytes: number; generation: string } | null> {
  const latest = await readLatest(dir);
  if (!latest) return null;
  const file = path.join(/*turbopackIgnore: true*/ dir, latest.generation, name);
  try {
    const info = await stat(file);
    // Opened before answering: a generation pruned after this point stays readable through the open descriptor.
    const stream = createReadStream(file);
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", reject);
    });
    return { body: Readable.toWeb(stream) as ReadableStream, bytes: info.size, generation: latest.generation };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
