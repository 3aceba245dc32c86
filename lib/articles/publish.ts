// Writing a revision: the one place that turns a source into a revision row and the article's derived fields.
import "server-only";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { isUniqueViolation, type Tx } from "../db/client";
import { AppError } from "../errors";
import { articleAliases, articleCategories, articles, articleTerms, revisions, type Article } from "../db/schema";
import { evidenceOfSource } from "./evidence";
import { refreshLatestReviewShare } from "../reviews/share";
import { applyCountDeltas, countDeltas, type Listed } from "./listing-counts";
import { storeRendering } from "./parser-cache";
import { renderArticleBody, type RenderedBody } from "./render";
import { replaceArticleShingles } from "./shingle-index";
import { synonymsOf, type OtherName } from "./fields";
import { formatSourceErrors, normaliseSource, parseArticleSource, slugify, type ArticleSource } from "./source";

/** A source that does not parse: nothing can be published from it. */
const invalidSource = (problems: string[]) =>
  new AppError("conflict", `The article source is not valid: ${problems.join("; ")}`, { source: problems.join(" ") });
/** Another article (or one of its aliases) already has this address. */
const slugTaken = (slug: string) =>
  new AppError("conflict", `Another article already uses the address /wiki/${slug}.`, { title: `Another article already uses the address /wiki/${slug}.` });

export function letterOf(title: string): string {
  const first = slugify(title).charAt(0);
  return /[a-z]/.test(first) ? first : "#";
}

/** The stored, derived fields of an article, computed from its source. */
export async function deriveArticleFields(source: ArticleSource, body?: RenderedBody) {
  body ??= await renderArticleBody(source.body);
  return {
    slug: source.slug,
    title: source.meta.title,
    letter: letterOf(source.meta.title),
    categories: source.meta.category,
    summary: source.meta.summary,
    // Every other name, "often confused with" ones too: a reader searching the name they mixed up finds the article.
    aliasesText: source.meta.aliases.map((a) => a.name).join(" · "),
    bodyText: body.text,
    // In characters (code points, as PostgreSQL counts them) of the plain text before the first section.
    leadEnd: body.text.startsWith(body.leadText) ? [...body.leadText].length : null,
    sensitive: source.meta.sensitive,
    // The evidence line of this revision (lib/articles/evidence.ts), for the page and the listings' badge.
    evidence: evidenceOfSource(source),
  };
}

export function parseOrThrow(text: string): ArticleSource {
  const parsed = parseArticleSource(text);
  if (!parsed.ok) throw invalidSource(formatSourceErrors(parsed.errors));
  return parsed.value;
}

export type PublishInput = {
  /** Existing article to update; omit to create a new one. */
  articleId?: number;
  source: string;
  authorId: string | null;
  summary: string;
  kind: "create" | "edit" | "revert" | "seed";
  /**
   * Whether to index the text for the copied-text check (article_shingles, ~one row per word). Only a bulk load of
   * generated text (scripts/generate-corpus.ts) turns it off; every real publication indexes.
   */
  shingles?: boolean;
};

export type PublishResult = { article: Pick<Article, "id" | "slug" | "title">; revisionId: number; previousSlug: string | null };

/**
 * Appends a revision and points the article at it, inside the caller's transaction.
 * The caller is responsible for concurrency (locking the article row) and for revalidating caches.
 */
export async function publishRevision(tx: Tx, raw: PublishInput): Promise<PublishResult> {
  // Every revision is stored normalised (seed, approval, merge, revert); older ones are normalised when read.
  const input = { ...raw, source: normaliseSource(raw.source) };
  const source = parseOrThrow(input.source);
  const body = await renderArticleBody(source.body);
  const fields = await deriveArticleFields(source, body);

  const [clash] = await tx
    .select({ articleId: articleAliases.articleId, kind: articleAliases.kind })
    .from(articleAliases)
    .where(eq(articleAliases.slug, fields.slug))
    .limit(1);
  const [slugOwner] = await tx.select({ id: articles.id }).from(articles).where(eq(articles.slug, fields.slug)).limit(1);
  if ((slugOwner && slugOwner.id !== input.articleId) || (clash && clash.articleId !== input.articleId)) throw slugTaken(fields.slug);

  let articleId = input.articleId;
  let previousSlug: string | null = null;
  let parentId: number | null = null;
  let listedBefore: Listed | null = null;
  if (articleId === undefined) {
    try {
      const [created] = await tx.insert(articles).values(fields).returning({ id: articles.id });
      articleId = created.id;
    } catch (error) {
      // Another transaction created the same address between our check and this insert.
      if (isUniqueViolation(error)) throw slugTaken(fields.slug);
      throw error;
    }
  } else {
    const [current] = await tx
      .select({ slug: articles.slug, currentRevisionId: articles.currentRevisionId, letter: articles.letter, categories: articles.categories })
      .from(articles)
      .where(eq(articles.id, articleId));
    if (!current) throw new Error(`Article ${articleId} does not exist`);
    listedBefore = { letter: current.letter, categories: current.categories };
    previousSlug = current.slug !== fields.slug ? current.slug : null;
    parentId = current.currentRevisionId;
  }

  const [revision] = await tx
    .insert(revisions)
    .values({ articleId, parentId, authorId: input.authorId, kind: input.kind, source: input.source, summary: input.summary })
    .returning({ id: revisions.id });
  await tx
    .update(articles)
    .set({ ...fields, currentRevisionId: revision.id, updatedAt: new Date() })
    .where(eq(articles.id, articleId));
  // The listings' page counts (article_counts), in this transaction.
  await applyCountDeltas(tx, countDeltas(listedBefore, { letter: fields.letter, categories: fields.categories }));
  // The parser cache: the body was rendered above, so pages never render it again.
  await storeRendering(tx, revision.id, { meta: source.meta, body });
  // In the same transaction: the copied-text check never sees an article's text and shingles disagree.
  if (input.shingles !== false) await replaceArticleShingles(tx, articleId, source.body);
  // Search's impact-ordered index of title and other-name words (article_terms), from the row just written.
  await tx.delete(articleTerms).where(eq(articleTerms.articleId, articleId));
  await tx.execute(sql`
    insert into article_terms (lexeme, article_id, score)
    select x.lexeme, x.id, max(x.score) from (
      select a.id, unnest(tsvector_to_array(v.t)) as lexeme, 2.0 / greatest(1, length(v.t)) as score
        from articles a, lateral (select to_tsvector('english', a.title) as t) v where a.id = ${articleId}
      union all
      select a.id, unnest(tsvector_to_array(v.t)), 1.0 / greatest(1, length(v.t))
        from articles a, lateral (select to_tsvector('english', a.aliases_text) as t) v where a.id = ${articleId}
    ) x group by x.lexeme, x.id`);
  // Category pages read one index range each (article_categories).
  await tx.delete(articleCategories).where(eq(articleCategories.articleId, articleId));
  const categories = [...new Set(fields.categories)];
  if (categories.length > 0)
    await tx.insert(articleCategories).values(categories.map((category) => ({ category, articleId: articleId as number, title: fields.title })));

  // Aliases: the source's own list, plus every former slug so old links keep redirecting.
  await tx.delete(articleAliases).where(and(eq(articleAliases.articleId, articleId), eq(articleAliases.kind, "alias")));
  if (previousSlug) {
    await tx.insert(articleAliases).values({ slug: previousSlug, articleId, label: previousSlug, kind: "former_slug" }).onConflictDoNothing();
  }
  await tx.delete(articleAliases).where(and(eq(articleAliases.slug, fields.slug), eq(articleAliases.articleId, articleId)));
  // "Often confused with" names get no row: they are another thing, so /wiki/<name> must not lead here.
  const aliasRows = new Map<string, OtherName>();
  for (const alias of synonymsOf(source.meta.aliases)) {
    const slug = slugify(alias.name);
    if (slug && slug !== fields.slug && !aliasRows.has(slug)) aliasRows.set(slug, alias);
  }
  if (aliasRows.size > 0) {
    // An alias another article already owns (as an alias or as its address) stays with that article: two lookups by key.
    const wanted = [...aliasRows.keys()];
    const taken = await tx
      .select({ slug: articleAliases.slug })
      .from(articleAliases)
      .where(and(inArray(articleAliases.slug, wanted), ne(articleAliases.articleId, articleId)));
    const owned = await tx
      .select({ slug: articles.slug })
      .from(articles)
      .where(and(inArray(articles.slug, wanted), ne(articles.id, articleId)));
    const takenSet = new Set([...taken, ...owned].map((t) => t.slug));
    const rows = [...aliasRows]
      .filter(([slug]) => !takenSet.has(slug))
      .map(([slug, { name, type }]) => ({ slug, articleId: articleId as number, label: name, kind: "alias" as const, termType: type ?? null }));
    if (rows.length > 0) await tx.insert(articleAliases).values(rows).onConflictDoNothing();
  }
  // An expert review expires once enough of its text has changed: its latest review's changed share, kept current.
  await refreshLatestReviewShare(tx, articleId, input.source);
  return { article: { id: articleId, slug: fields.slug, title: fields.title }, revisionId: revision.id, previousSlug };
}
