import type { Metadata } from "next";
import Link from "next/link";
import { normaliseSearchQuery, searchArticles } from "@/lib/articles/search";
import { getDb } from "@/lib/db/client";

// Depends on its query, so rendered per request; fast on its own (one indexed query).
export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Search", robots: { index: false } };

type Props = { searchParams: Promise<{ q?: string | string[] }> };

export default async function SearchPage({ searchParams }: Props) {
  const raw = (await searchParams).q;
  const value = Array.isArray(raw) ? raw[0] : raw;
  const check = normaliseSearchQuery(value);
  const hits = check.ok ? await searchArticles(getDb(), check.query) : [];
  return (
    <div className="search-page">
      <h1>Search</h1>
      <form action="/search" method="get" role="search" className="big-search">
        <label htmlFor="search-q">Search the encyclopedia</label>
        <div>
          <input id="search-q" name="q" type="search" defaultValue={typeof value === "string" ? value.slice(0, 200) : ""} maxLength={200} />
          <button type="submit">Search</button>
        </div>
      </form>
      {!check.ok ? (
        value !== undefined && <p role="status">{check.message}</p>
      ) : hits.length === 0 ? (
        <p role="status">
          No articles match “{check.query}”. Try fewer or different words, or <Link href="/browse/a">browse from A to Z</Link>.
        </p>
      ) : (
        <>
          <p role="status">
            {hits.length} result{hits.length === 1 ? "" : "s"} for “{check.query}”.
          </p>
          <ol className="search-results">
            {hits.map((h) => (
              <li key={h.slug}>
                <h2>
                  <Link href={`/wiki/${h.slug}`}>{h.title}</Link>
                </h2>
                <p>{h.summary}</p>
                {h.snippetHtml && <p className="snippet" dangerouslySetInnerHTML={{ __html: h.snippetHtml }} />}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
