// Shingles: hashes of every run of SHINGLE_WORDS consecutive words of an article's prose, so that text copied from
// one article into another is found through an index (lib/articles/shingle-index.ts) rather than by reading texts.
// Pure: the same words and hashes are computed for a published article and for a proposal, so they meet in the index.
import { createHash } from "node:crypto";

export const SHINGLE_WORDS = 8;

/**
 * The words of a Markdown text as a reader sees them: link and image addresses dropped (their text kept), letters
 * folded to lower case without accents or apostrophes, everything that is not a letter or digit a separator.
 */
export function proseWords(markdown: string): string[] {
  // Bounded and single-line where a pattern could otherwise rescan the rest of a hostile text from every "[" or "<".
  const text = markdown
    .replace(/!?\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)/g, " $1 ")
    .replace(/<https?:\/\/[^<>\s]*>/gi, " ")
    .replace(/https?:\/\/\S+/gi, " ")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’]/g, "");
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A shingle's hash: the first 8 bytes of its SHA-1 as a signed 64-bit integer (PostgreSQL's bigint), in decimal. */
export function shingleHash(words: readonly string[]): string {
  return createHash("sha1").update(words.join(" ")).digest().readBigInt64BE(0).toString();
}

/** The distinct shingle hashes of a list of words (none when there are fewer than SHINGLE_WORDS). */
export function shingleHashes(words: readonly string[]): Set<string> {
  const hashes = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) hashes.add(shingleHash(words.slice(i, i + SHINGLE_WORDS)));
  return hashes;
}

/** The shingles of `after` that `before` does not have (both lists of proseWords): the runs of words a change adds. */
export function addedShingles(before: readonly string[], after: readonly string[]): Set<string> {
  const old = shingleHashes(before);
  const added = new Set<string>();
  for (const h of shingleHashes(after)) if (!old.has(h)) added.add(h);
  return added;
}
