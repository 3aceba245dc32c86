import type { Metadata } from "next";
import Link from "next/link";
import { cachedSearch, MAX_SEARCH_PAGE, normaliseSearchQuery, SEARCH_PAGE_SIZE } from "@/lib/articles/search";
import { Pager } from "@/app/_components/pager";
import { otherNameLabel } from "@/lib/articles/fields";
import { EvidenceBadge } from "@/app/_components/evidence-badge";

// Depends on its query, so rendered per request: one bounded query (lib/articles/search.ts), its results cached.
export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Search", robots: { index: false } };

type Props = { searchParams: Promise<{ q?: string | string[]; page?: string | string[] }> };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The page asked for: a whole number from 1 to the last page a search can have, else 1. */
function pageOf(raw: string | undefined): number {
  const n = raw && /^[1-9]\d{0,2}$/.test(raw) ? Number(raw) : 1;
  return Math.min(n, MAX_SEARCH_PAGE);
}

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const value = first(params.q);
  const check = normaliseSearchQuery(value);
  const page = pageOf(first(params.page));
  const results = check.ok ? await cachedSearch(check.query, page) : null;
  const hits = results?.hits ?? [];
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
      ) : results && hits.length === 0 && results.total > 0 ? (
        <p role="status">
          There are {results.total} results for “{check.query}”, fewer than this page would start at.{" "}
          <Link href={`/search?q=${encodeURIComponent(check.query)}`}>See the first page</Link>.
        </p>
      ) : !results || hits.length === 0 ? (
        <p role="status">
          No articles match “{check.query}”. Try fewer or different words, or <Link href="/browse/a">browse from A to Z</Link>.
        </p>
      ) : (
        <>
          <p role="status">
            {results.total === 1 ? "1 result" : `${results.capped ? "The best " : ""}${results.total} results`} for “{check.query}”
            {results.total > SEARCH_PAGE_SIZE && `, ${(page - 1) * SEARCH_PAGE_SIZE + 1}–${(page - 1) * SEARCH_PAGE_SIZE + hits.length} shown`}.
          </p>
          <ol className="search-results" start={(page - 1) * SEARCH_PAGE_SIZE + 1}>
            {hits.map((h) => (
              <li key={h.slug}>
                <h2>
                  <a href={`/wiki/${h.slug}`}>{h.title}</a>
                </h2>
                {h.matched && <p className="search-matched">{otherNameLabel(h.matched, h.kind)}</p>}
                <p>
                  <EvidenceBadge level={h.evidenceLevel} /> {h.summary}
                </p>
                {h.snippetHtml && <p className="snippet" dangerouslySetInnerHTML={{ __html: h.snippetHtml }} />}
              </li>
            ))}
          </ol>
          <Pager
            page={page}
            pages={Math.ceil(results.total / SEARCH_PAGE_SIZE)}
            href={(p) => `/search?q=${encodeURIComponent(check.query)}${p > 1 ? `&page=${p}` : ""}`}
            label="Pages of results"
          />
        </>
      )}
    </div>
  );
}
