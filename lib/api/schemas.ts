// The public read API's shapes (/api/v1), declared once with Zod: the handlers validate their input with them and
// build their answers to their types, and lib/api/openapi.ts turns the same schemas into the OpenAPI 3.1 document,
// so the document cannot drift from what is served.
import { z } from "zod";
import { termTypes } from "../db/schema/articles";
import { evidenceSchema } from "../articles/evidence";
import { evidenceLevelKeys, type EvidenceLevel } from "../articles/evidence";
import { sourceTypeKeys, type SourceType } from "../articles/fields";
import { MAX_QUERY_CHARS, MAX_SEARCH_PAGE } from "../articles/search";

/** The most items one page of a list may hold, and how many it holds when `limit` is not given. */
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 50;
export const MAX_CURSOR_CHARS = 400;

// ---- Input: path and query parameters -------------------------------------------------------------------------

export const slugPath = z.object({
  slug: z
    .string()
    .max(100)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .meta({ description: "An article's address after /wiki/, or one of its other names or former addresses", example: "attachment-styles" }),
});

export const revisionPath = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .meta({ description: "A revision's number", example: "12" }),
});

export const categoryPath = z.object({
  name: z
    .string()
    .min(1)
    .max(60)
    .regex(/^\S(?:.*\S)?$/)
    .meta({ description: "A category as articles name it", example: "Attachment Style" }),
});

const cursor = z.string().min(1).max(MAX_CURSOR_CHARS).optional().meta({ description: "The `next` value of the previous page; leave out for the first page" });

const limit = z
  .string()
  .regex(/^\d{1,3}$/)
  .optional()
  .meta({ description: `How many items a page holds: 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})`, example: "20" });

export const listQuery = z.object({ cursor, limit });

export const searchQuerySchema = z.object({
  q: z
    .string()
    .max(MAX_QUERY_CHARS * 4)
    .meta({ description: `What to search for (at most ${MAX_QUERY_CHARS} characters once spaces are tidied)`, example: "push pull" }),
  page: z
    .string()
    .regex(/^\d{1,2}$/)
    .optional()
    .meta({ description: `The page of results, 1 to ${MAX_SEARCH_PAGE} (default 1)`, example: "1" }),
});

// ---- Output ------------------------------------------------------------------------------------------------------

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(["bad_request", "not_found", "rate_limited", "unavailable"]),
      message: z.string().meta({ description: "A sentence a person can read" }),
    }),
  })
  .meta({ id: "Error", description: "Every refusal and failure: a code for programs and a sentence for people" });

const termType = z.enum(termTypes).nullable();
const evidenceLevel = z.enum(evidenceLevelKeys as [EvidenceLevel, ...EvidenceLevel[]]);

export const licenceSchema = z
  .object({
    name: z.literal("CC BY-SA 4.0"),
    url: z.url(),
    attributionUrl: z.url().meta({ description: "Where the contributors are listed (the article's history); link to it when you reuse the text" }),
  })
  .meta({ id: "Licence" });

const aliasSchema = z.object({
  slug: z.string(),
  label: z.string(),
  kind: z.enum(["alias", "former_slug"]).meta({ description: "`alias`: another name; `former_slug`: an address the article had before" }),
  termType: termType.meta({ description: "What kind of term another name is (research, clinical, popular…), when the article says" }),
});

const sourceSchema = z.object({
  key: z.string().optional(),
  author: z.string(),
  year: z.union([z.number().int(), z.literal("n.d.")]),
  title: z.string(),
  venue: z.string().optional(),
  url: z.string().optional(),
  doi: z.string().optional(),
  type: z.enum(sourceTypeKeys as [SourceType, ...SourceType[]]).optional(),
  sample: z.number().int().optional(),
  population: z.string().optional(),
});

const metadataSchema = z.object({
  title: z.string(),
  summary: z.string(),
  categories: z.array(z.string()),
  subfields: z.array(z.string()),
  otherNames: z.array(z.object({ name: z.string(), type: termType })),
  infobox: z.array(z.object({ label: z.string(), value: z.string() })),
  figure: z.object({ src: z.string(), alt: z.string(), caption: z.string().optional() }).nullable(),
  related: z.array(z.string()).meta({ description: "Slugs of related articles" }),
  sources: z.array(sourceSchema),
  sensitive: z.boolean(),
});

export const articleSchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    revisionId: z.number().int().meta({ description: "The current revision (GET /api/v1/revisions/{id})" }),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    url: z.url().meta({ description: "The article's page: its canonical address" }),
    source: z.string().meta({ description: "The revision's text: YAML front matter, then Markdown" }),
    html: z.object({
      lead: z.string().meta({ description: "The lead paragraphs, as sanitised HTML" }),
      body: z.string().meta({ description: "The sections after the lead, as sanitised HTML" }),
    }),
    toc: z.array(z.object({ id: z.string(), text: z.string(), depth: z.union([z.literal(2), z.literal(3)]) })),
    metadata: metadataSchema,
    aliases: z.array(aliasSchema).meta({ description: "Every other address that leads to this article" }),
    evidence: evidenceSchema.nullable().meta({ description: "The evidence line: which kinds of source the cited claims rest on" }),
    licence: licenceSchema,
  })
  .meta({ id: "Article" });

export const redirectSchema = z
  .object({
    redirect: z.object({
      slug: z.string().meta({ description: "The article's own slug" }),
      location: z.string().meta({ description: "Its address in this API" }),
    }),
  })
  .meta({ id: "Redirect", description: "The slug asked for is another name or a former address: the answer is a 308 to the article's own" });

export const revisionSchema = z
  .object({
    id: z.number().int(),
    articleSlug: z.string(),
    articleTitle: z.string(),
    parentId: z.number().int().nullable(),
    kind: z.enum(["create", "edit", "revert", "seed"]),
    summary: z.string().meta({ description: "The edit summary" }),
    authorName: z.string().meta({ description: "The contributor's display name, or “former contributor”" }),
    createdAt: z.iso.datetime({ offset: true }),
    isCurrent: z.boolean(),
    source: z.string(),
    url: z.url().meta({ description: "The revision's page" }),
    licence: licenceSchema,
  })
  .meta({ id: "Revision" });

const nextFields = {
  next: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
  nextUrl: z.string().nullable().meta({ description: "The next page's address in this API, or null" }),
};

export const articleSummarySchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    categories: z.array(z.string()),
    revisionId: z.number().int().nullable(),
    updatedAt: z.iso.datetime({ offset: true }),
    evidenceLevel: evidenceLevel.nullable(),
    url: z.url(),
  })
  .meta({ id: "ArticleSummary" });

export const articleListSchema = z.object({ articles: z.array(articleSummarySchema), ...nextFields }).meta({ id: "ArticleList" });

export const searchResultsSchema = z
  .object({
    query: z.string(),
    page: z.number().int(),
    total: z.number().int().meta({ description: "How many results were ranked (searches rank a bounded set)" }),
    capped: z.boolean().meta({ description: "True when more articles matched than were ranked" }),
    hasMore: z.boolean(),
    results: z.array(
      z.object({
        slug: z.string(),
        title: z.string(),
        summary: z.string(),
        snippetHtml: z.string().meta({ description: "A passage with the matched words in <mark>, as escaped HTML" }),
        matched: z.string().nullable().meta({ description: "The other name that matched, when the title did not" }),
        matchedKind: termType,
        evidenceLevel: evidenceLevel.nullable(),
        url: z.url(),
      }),
    ),
  })
  .meta({ id: "SearchResults" });

export const categoryListSchema = z
  .object({
    categories: z.array(z.object({ name: z.string(), count: z.number().int(), url: z.string() })),
    ...nextFields,
  })
  .meta({ id: "CategoryList" });

export const categoryArticlesSchema = z
  .object({
    category: z.string(),
    articles: z.array(articleSummarySchema),
    ...nextFields,
  })
  .meta({ id: "CategoryArticles" });

export const changeListSchema = z
  .object({
    changes: z.array(
      z.object({
        revisionId: z.number().int(),
        articleSlug: z.string(),
        articleTitle: z.string(),
        kind: z.enum(["create", "edit", "revert", "seed"]),
        summary: z.string(),
        authorName: z.string(),
        createdAt: z.iso.datetime({ offset: true }),
        url: z.url().meta({ description: "The revision's page" }),
      }),
    ),
    ...nextFields,
  })
  .meta({ id: "ChangeList" });

export type ApiError = z.infer<typeof errorSchema>;
export type ApiArticle = z.infer<typeof articleSchema>;
export type ApiRevision = z.infer<typeof revisionSchema>;
export type ApiArticleSummary = z.infer<typeof articleSummarySchema>;
export type ApiArticleList = z.infer<typeof articleListSchema>;
export type ApiSearchResults = z.infer<typeof searchResultsSchema>;
export type ApiCategoryList = z.infer<typeof categoryListSchema>;
export type ApiCategoryArticles = z.infer<typeof categoryArticlesSchema>;
export type ApiChangeList = z.infer<typeof changeListSchema>;
