import type { Metadata } from "next";
import Link from "next/link";
import { API_BASE, LICENCE_URL } from "@/lib/api/paths";
import { DEFAULT_LIMIT, MAX_LIMIT } from "@/lib/api/schemas";
import { MAX_SEARCH_PAGE } from "@/lib/articles/search";
import { env } from "@/lib/env";
import styles from "./developers.module.css";

// Reads no database, like /licence: prerendered by `next build`, then rendered again at most every five minutes.
export const revalidate = 300;
export const metadata: Metadata = {
  title: "Developers",
  description: "Attune's public read API: articles, revisions, search, categories and recent changes as JSON, with an OpenAPI 3.1 document.",
};

const endpoints: { path: string; what: string }[] = [
  {
    path: "/articles/{slug}",
    what: "One article: its source text, rendered HTML, metadata (categories, other names with their kinds, infobox, sources…), evidence line, current revision number and licence. Another name or former address answers 308 with Location set to the article's own address.",
  },
  { path: "/revisions/{id}", what: "One published revision: its source, article, author's display name, edit summary and time. 404 when there is none." },
  { path: `/articles?limit=&cursor=`, what: `Every article, oldest first, up to ${MAX_LIMIT} a page (default ${DEFAULT_LIMIT}).` },
  { path: "/search?q=&page=", what: `The site's search: the best results first, 20 a page, pages 1 to ${MAX_SEARCH_PAGE}.` },
  { path: "/categories?limit=&cursor=", what: "Every category by name, with how many articles it has." },
  { path: "/categories/{name}?limit=&cursor=", what: "The articles of one category, in title order." },
  { path: "/changes?limit=&cursor=", what: "Approved changes (published revisions), newest first." },
  { path: "/openapi.json", what: "This API described in OpenAPI 3.1, generated from the same schemas that check every request." },
];

const articleExample = `curl ${API_BASE}/articles/attachment-styles

{
  "slug": "attachment-styles",
  "title": "Attachment Styles",
  "revisionId": 4,
  "updatedAt": "2026-11-30T09:12:44.000Z",
  "source": "---\\ntitle: Attachment Styles\\n…",
  "html": { "lead": "<p>…</p>", "body": "<h2 id=\\"history\\">History</h2>…" },
  "metadata": { "categories": ["Attachment Style"], "otherNames": […], "sources": […], … },
  "evidence": { "level": "strong", "label": "Well researched", "line": "…" },
  "licence": { "name": "CC BY-SA 4.0", "attributionUrl": ".../wiki/attachment-styles/history" }
}`;

const pagingExample = `curl "${API_BASE}/articles?limit=2"

{ "articles": [ {…}, {…} ], "next": "eyJsaXN0Ijoi…", "nextUrl": "${API_BASE}/articles?limit=2&cursor=eyJsaXN0Ijoi…" }

curl "${API_BASE}/articles?limit=2&cursor=eyJsaXN0Ijoi…"`;

const errorExample = `curl "${API_BASE}/articles?limit=500"

HTTP/1.1 400 Bad Request
{ "error": { "code": "bad_request", "message": "limit must be a whole number from 1 to ${MAX_LIMIT}." } }`;

export default function DevelopersPage() {
  const perMinute = env().RATE_LIMIT_API_PER_MINUTE;
  return (
    <div className="prose-page">
      <h1>Developers</h1>
      <p className="lede">
        Attune&apos;s articles can be read by programs through a public API under <code>{API_BASE}</code>: JSON, no key needed, open to pages on any site. The
        whole API is described in <a href={`${API_BASE}/openapi.json`}>an OpenAPI 3.1 document</a>.
      </p>

      <section aria-labelledby="endpoints">
        <h2 id="endpoints">Endpoints</h2>
        <p>Every endpoint answers GET (and the CORS preflight, OPTIONS). Paths are under {API_BASE}.</p>
        <table className={`data-table ${styles.endpoints}`}>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">What it gives</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map((e) => (
              <tr key={e.path}>
                <td>
                  <code>{e.path}</code>
                </td>
                <td>{e.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="examples">
        <h2 id="examples">Examples</h2>
        <h3>An article</h3>
        <pre className={styles.example}>
          <code>{articleExample}</code>
        </pre>
        <h3>Paging through a list</h3>
        <p>
          Lists come a page at a time. Pass the <code>next</code> value of one page as <code>cursor</code> to get the one after it (or follow{" "}
          <code>nextUrl</code>); on the last page <code>next</code> is null. A cursor is opaque: use it only with the list that gave it.
        </p>
        <pre className={styles.example}>
          <code>{pagingExample}</code>
        </pre>
        <h3>Errors</h3>
        <p>
          Refusals and failures are JSON too, with a code for programs and a sentence for people: 400 for a parameter that is not valid, 404 for nothing there,
          429 for too many requests, 503 when the site cannot answer just then.
        </p>
        <pre className={styles.example}>
          <code>{errorExample}</code>
        </pre>
      </section>

      <section aria-labelledby="licence">
        <h2 id="licence">Licence and attribution</h2>
        <p>
          The text the API gives is published under <a href={LICENCE_URL}>CC BY-SA 4.0</a>, as the site is. When you reuse it, credit Attune, name the article,
          link to it (its <code>url</code>) and to its contributors (the <code>licence.attributionUrl</code> of each article: its history), say whether you
          changed it, and share your version under the same licence. <Link href="/licence">Our licence page</Link> says more.
        </p>
      </section>

      <section aria-labelledby="limits">
        <h2 id="limits">Rate limit</h2>
        <p>
          Each address may make {perMinute} requests a minute that reach the site. Past that the answer is 429 with a <code>Retry-After</code> header saying how
          many seconds to wait; every answer carries <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code> and <code>RateLimit-Reset</code>. For the
          whole encyclopedia, use the dumps rather than paging through the API.
        </p>
      </section>

      <section aria-labelledby="caching">
        <h2 id="caching">Caching</h2>
        <p>
          Answers are cached like article pages: <code>Cache-Control: public, max-age=0, s-maxage=1, stale-while-revalidate=1</code>. Our edge cache keeps each
          answer for about a second and refreshes an article&apos;s answers as soon as an edit to it is approved, so what you read is at most a second or two
          behind the site. Answers from the cache do not count towards your rate limit.
        </p>
      </section>
    </div>
  );
}
