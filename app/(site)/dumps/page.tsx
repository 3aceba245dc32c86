import type { Metadata } from "next";
import Link from "next/link";
import { readLatestManifest } from "@/lib/dumps/store";
import { env } from "@/lib/env";
import { formatBytes, formatCount, formatDateTime } from "@/lib/format";

// Reads the shared DUMPS_DIR's latest.json on each request (one small file): it changes once a night.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Downloads",
  description: "Every Attune article as JSON Lines and as Markdown, regenerated nightly, under CC BY-SA 4.0, with checksums.",
  alternates: { canonical: "/dumps" },
};

const DESCRIPTIONS: Record<string, string> = {
  "attune-articles.jsonl.gz": "One JSON object per line and article: slug, title, revisionId, source, updated, url, contributors, licence.",
  "attune-articles-md.tar.gz": "One <slug>.md per article (its source: YAML front matter and Markdown), with LICENCE and ATTRIBUTION.",
};

export default async function DumpsPage() {
  const manifest = await readLatestManifest(env().DUMPS_DIR);
  return (
    <div className="prose-page">
      <h1>Downloads</h1>
      <p className="lede">
        The current text of every article, regenerated every night at 03:00 UTC, for anyone who wants to reuse it under the{" "}
        <Link href="/licence">CC BY-SA 4.0 licence</Link>: credit Attune and the article&apos;s contributors (listed in each download), link to the licence, and
        share your changes alike.
      </p>
      {manifest ? (
        <section aria-labelledby="latest">
          <h2 id="latest">Latest dump</h2>
          <p>
            Made <time dateTime={manifest.created}>{formatDateTime(manifest.created)}</time>, {formatCount(manifest.articles, "article")}.
          </p>
          <ul>
            {manifest.files.map((f) => (
              <li key={f.name}>
                <a href={`/dumps/latest/${f.name}`} download>
                  {f.name}
                </a>{" "}
                ({formatBytes(f.bytes)}) — {DESCRIPTIONS[f.name] ?? ""}
                <br />
                SHA-256: <code>{f.sha256}</code>
              </li>
            ))}
          </ul>
          <p>
            Check a download with <code>sha256sum -c SHA256SUMS</code> (
            <a href="/dumps/latest/SHA256SUMS" download>
              SHA256SUMS
            </a>
            ); the <a href="/dumps/latest/manifest.json">manifest</a> lists the same sizes and checksums as JSON.
          </p>
        </section>
      ) : (
        <p>No dump has been made yet: the first one is written tonight at 03:00 UTC.</p>
      )}
    </div>
  );
}
