// The handlers of /api/v1, one per endpoint: read the request (validated with the schemas of lib/api/schemas.ts),
// call lib/, answer JSON built to the response schema's type. The route files in app/api/v1 only point here.
import "server-only";
import { unstable_cache } from "next/cache";
import { getRendering } from "../articles/parser-cache";
import { articleTag, getArticleBySlug, type ArticlePage } from "../articles/queries";
import { cachedSearch, MAX_SEARCH_PAGE, normaliseSearchQuery } from "../articles/search";
import { evidenceOfPage } from "../articles/view";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { readParam } from "../params";
import { absoluteUrl } from "../site";
import { decodeCursor, encodeCursor, readLimit } from "./cursor";
import { jsonResponse, serveApi } from "./http";
import { API_BASE, articleApiPath, LICENCE_URL } from "./paths";
import {
  getPublishedRevision,
  listArticleAliases,
  listArticlesAfter,
  listCategoriesAfter,
  listCategoryArticlesAfter,
  listChangesBefore,
  type SummaryRow,
} from "./queries";
import {
  categoryPath,
  revisionPath,
  searchQuerySchema,
  slugPath,
  type ApiArticle,
  type ApiArticleList,
  type ApiArticleSummary,
  type ApiCategoryArticles,
  type ApiCategoryList,
  type ApiChangeList,
  type ApiRevision,
  type ApiSearchResults,
} from "./schemas";

type Params<T> = { params: Promise<T> };

const enc = encodeURIComponent;
const wikiUrl = (slug: string) => absoluteUrl(`/wiki/${enc(slug)}`);
const revisionUrl = (slug: string, id: number) => absoluteUrl(`/wiki/${enc(slug)}/revisions/${id}`);
const licenceOf = (slug: string) => ({ name: "CC BY-SA 4.0" as const, url: LICENCE_URL, attributionUrl: absoluteUrl(`/wiki/${enc(slug)}/history`) });

const noArticle = () => new AppError("not_found", "There is no article at that address.");

function summaryOf(r: SummaryRow): ApiArticleSummary {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    categories: r.categories,
    revisionId: r.revisionId,
    updatedAt: r.updatedAt.toISOString(),
    evidenceLevel: r.evidenceLevel,
    url: wikiUrl(r.slug),
  };
}

/** `next` and `nextUrl` for a keyset page: the path of this list with the cursor (and the limit asked for) set. */
function nextOf(request: Request, cursor: string | null) {
  if (!cursor) return { next: null, nextUrl: null };
  const url = new URL(request.url);
  url.searchParams.set("cursor", cursor);
  return { next: cursor, nextUrl: `${url.pathname}?${url.searchParams.toString()}` };
}

async function articlePayload(page: ArticlePage): Promise<ApiArticle> {
  const db = getDb();
  const [{ meta, body }, aliases] = await Promise.all([getRendering(db, page.revisionId, page.source), listArticleAliases(db, page.id)]);
  return {
    id: page.id,
    slug: page.slug,
    title: page.title,
    summary: page.summary,
    revisionId: page.revisionId,
    createdAt: page.createdAt,
    updatedAt: page.updatedAt,
    url: wikiUrl(page.slug),
    source: page.source,
    html: { lead: body.leadHtml, body: body.html },
    toc: body.toc,
    metadata: {
      title: meta.title,
      summary: meta.summary,
      categories: meta.category,
      subfields: meta.subfield,
      otherNames: meta.aliases.map((n) => ({ name: n.name, type: n.type ?? null })),
      infobox: meta.infobox,
      figure: meta.figure ? { src: meta.figure.src, alt: meta.figure.alt, ...(meta.figure.caption ? { caption: meta.figure.caption } : {}) } : null,
      related: meta.related,
      sources: meta.sources,
      sensitive: meta.sensitive,
    },
    aliases,
    evidence: evidenceOfPage(page),
    licence: licenceOf(page.slug),
  };
}

/**
 * GET /api/v1/articles/{slug}. Another name or a former address answers 308 to the article's own API address
 * (Location, and a `redirect` body), as the article page redirects.
 */
export async function getArticle(request: Request, { params }: Params<{ slug: string }>): Promise<Response> {
  return serveApi(request, async () => {
    const slug = readParam(slugPath.shape.slug, (await params).slug.toLowerCase(), "decoded");
    if (slug === null) throw noArticle();
    const lookup = await getArticleBySlug(slug);
    if (lookup.kind === "missing") throw noArticle();
    if (lookup.kind === "redirect") {
      const location = articleApiPath(lookup.slug);
      return jsonResponse({ redirect: { slug: lookup.slug, location } }, { status: 308, headers: { Location: location } });
    }
    const page = lookup.article;
    // Keyed by the revision too (as the hover preview): an entry of an older revision is never served.
    const payload = await unstable_cache(() => articlePayload(page), ["api-article", page.slug, String(page.revisionId)], {
      tags: [articleTag(page.slug)],
      revalidate: false,
    })();
    return jsonResponse(payload);
  });
}

/** GET /api/v1/revisions/{id}: one published revision. */
export async function getRevision(request: Request, { params }: Params<{ id: string }>): Promise<Response> {
  return serveApi(request, async () => {
    const id = readParam(revisionPath.shape.id, (await params).id, "decoded");
    const notFound = () => new AppError("not_found", "There is no published revision with that number.");
    if (id === null) throw notFound();
    const row = await getPublishedRevision(getDb(), Number(id));
    if (!row) throw notFound();
    const body: ApiRevision = {
      id: row.revisionId,
      articleSlug: row.articleSlug,
      articleTitle: row.articleTitle,
      parentId: row.parentId,
      kind: row.kind,
      summary: row.summary,
      authorName: row.authorName,
      createdAt: row.createdAt.toISOString(),
      isCurrent: row.isCurrent,
      source: row.source,
      url: revisionUrl(row.articleSlug, row.revisionId),
      licence: licenceOf(row.articleSlug),
    };
    return jsonResponse(body);
  });
}

const query = (request: Request) => new URL(request.url).searchParams;

/** GET /api/v1/articles?cursor=&limit=: every article once, by id. */
export async function listArticles(request: Request): Promise<Response> {
  return serveApi(request, async () => {
    const q = query(request);
    const limit = readLimit(q.get("limit"));
    const page = await listArticlesAfter(getDb(), decodeCursor("articles", q.get("cursor")), limit);
    const last = page.rows.at(-1);
    const body: ApiArticleList = {
      articles: page.rows.map(summaryOf),
      ...nextOf(request, page.more && last ? encodeCursor<"articles">({ list: "articles", id: last.id }) : null),
    };
    return jsonResponse(body);
  });
}

/** GET /api/v1/search?q=&page=: the site's search (lib/articles/search.ts), bounded as it is. */
export async function search(request: Request): Promise<Response> {
  return serveApi(request, async () => {
    const q = query(request);
    const raw = searchQuerySchema.safeParse({ q: q.get("q") ?? "", page: q.get("page") ?? undefined });
    const pageText = raw.success ? raw.data.page : q.get("page");
    const page = pageText === undefined || pageText === null ? 1 : Number(pageText);
    if (!Number.isInteger(page) || page < 1 || page > MAX_SEARCH_PAGE)
      throw new AppError("bad_request", `page must be a whole number from 1 to ${MAX_SEARCH_PAGE}: searches rank their best results only.`);
    const checked = normaliseSearchQuery(raw.success ? raw.data.q : q.get("q"));
    if (!checked.ok) throw new AppError("bad_request", checked.message);
    const results = await cachedSearch(checked.query, page);
    const body: ApiSearchResults = {
      query: checked.query,
      page: results.page,
      total: results.total,
      capped: results.capped,
      hasMore: results.hasMore,
      results: results.hits.map((h) => ({
        slug: h.slug,
        title: h.title,
        summary: h.summary,
        snippetHtml: h.snippetHtml,
        matched: h.matched,
        matchedKind: h.kind,
        evidenceLevel: h.evidenceLevel ?? null,
        url: wikiUrl(h.slug),
      })),
    };
    return jsonResponse(body);
  });
}

/** GET /api/v1/categories?cursor=&limit=: categories by name, with their article counts. */
export async function listCategories(request: Request): Promise<Response> {
  return serveApi(request, async () => {
    const q = query(request);
    const limit = readLimit(q.get("limit"));
    const page = await listCategoriesAfter(getDb(), decodeCursor("categories", q.get("cursor")), limit);
    const last = page.rows.at(-1);
    const body: ApiCategoryList = {
      categories: page.rows.map((c) => ({ name: c.name, count: c.count, url: `${API_BASE}/categories/${enc(c.name)}` })),
      ...nextOf(request, page.more && last ? encodeCursor<"categories">({ list: "categories", name: last.name }) : null),
    };
    return jsonResponse(body);
  });
}

/** GET /api/v1/categories/{name}?cursor=&limit=: a category's articles in title order. */
export async function listCategory(request: Request, { params }: Params<{ name: string }>): Promise<Response> {
  return serveApi(request, async () => {
    // Route handlers get their params decoded (lib/params.ts); a name with a control character is no category.
    const name = readParam(categoryPath.shape.name, (await params).name, "decoded");
    const notFound = () => new AppError("not_found", "There is no category with that name.");
    if (name === null) throw notFound();
    const q = query(request);
    const limit = readLimit(q.get("limit"));
    const cursor = decodeCursor("category", q.get("cursor"));
    const page = await listCategoryArticlesAfter(getDb(), name, cursor, limit);
    if (!cursor && page.rows.length === 0) throw notFound();
    const last = page.rows.at(-1);
    const body: ApiCategoryArticles = {
      category: name,
      articles: page.rows.map(summaryOf),
      ...nextOf(request, page.more && last ? encodeCursor<"category">({ list: "category", title: last.title, id: last.id }) : null),
    };
    return jsonResponse(body);
  });
}

/** GET /api/v1/changes?cursor=&limit=: published revisions (approved changes), newest first. */
export async function listChanges(request: Request): Promise<Response> {
  return serveApi(request, async () => {
    const q = query(request);
    const limit = readLimit(q.get("limit"));
    const page = await listChangesBefore(getDb(), decodeCursor("changes", q.get("cursor")), limit);
    const last = page.rows.at(-1);
    const body: ApiChangeList = {
      changes: page.rows.map((c) => ({
        revisionId: c.revisionId,
        articleSlug: c.articleSlug,
        articleTitle: c.articleTitle,
        kind: c.kind,
        summary: c.summary,
        authorName: c.authorName,
        createdAt: c.createdAt.toISOString(),
        url: revisionUrl(c.articleSlug, c.revisionId),
      })),
      ...nextOf(request, page.more && last ? encodeCursor<"changes">({ list: "changes", id: last.revisionId }) : null),
    };
    return jsonResponse(body);
  });
}
