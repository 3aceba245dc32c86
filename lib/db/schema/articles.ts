import { sql, type SQL } from "drizzle-orm";
import { bigint, boolean, customType, index, integer, jsonb, pgEnum, pgTable, primaryKey, real, text, timestamp, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./auth";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const articles = pgTable(
  "articles",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    letter: text("letter").notNull(),
    categories: text("categories")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    summary: text("summary").notNull(),
    aliasesText: text("aliases_text").notNull().default(""),
    bodyText: text("body_text").notNull().default(""),
    // Where the sections start in body_text (characters of the lead before them): search snippets skip the lead.
    leadEnd: integer("lead_end"),
    sensitive: boolean("sensitive").notNull().default(false),
    // The evidence line computed from the current revision's citations at publication (lib/articles/evidence.ts):
    // listings show its badge without reading revisions. Null for an article published before it existed.
    evidence: jsonb("evidence"),
    currentRevisionId: integer("current_revision_id").references((): AnyPgColumn => revisions.id),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${articles.title}, '')), 'A') || setweight(to_tsvector('english', coalesce(${articles.aliasesText}, '')), 'A') || setweight(to_tsvector('english', coalesce(${articles.summary}, '')), 'B') || setweight(to_tsvector('english', coalesce(${articles.bodyText}, '')), 'C')`,
    ),
    // The short part of the text (title, other names, summary): small enough to stay in the row, so search ranks its
    // candidates by it without reading the body (lib/articles/search.ts).
    headVector: tsvector("head_vector").generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english', coalesce(${articles.title}, '')), 'A') || setweight(to_tsvector('english', coalesce(${articles.aliasesText}, '')), 'A') || setweight(to_tsvector('english', coalesce(${articles.summary}, '')), 'B')`,
    ),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("articles_letter_title_idx").on(t.letter, t.title),
    index("articles_search_idx").using("gin", t.searchVector),
    index("articles_head_search_idx").using("gin", t.headVector),
    index("articles_updated_idx").on(t.updatedAt),
  ],
);

// One row per article and category, kept by the publish path: a category page is one range of (category, title).
export const articleCategories = pgTable(
  "article_categories",
  {
    category: text("category").notNull(),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.category, t.articleId] }),
    index("article_categories_title_idx").on(t.category, t.title),
    index("article_categories_article_idx").on(t.articleId),
  ],
);

/**
 * How many articles each letter and category holds (issue 13): kept by publishRevision in the transaction that
 * changes an article's letter or categories, as +1/-1 deltas (correct under concurrent publications), so a listing
 * page reads its page count in one row instead of counting thousands. `scope` "all" (key "") counts every article.
 */
export const articleCounts = pgTable(
  "article_counts",
  {
    scope: text("scope", { enum: ["all", "letter", "category"] }).notNull(),
    key: text("key").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

export const aliasKinds = ["alias", "former_slug"] as const;

/** The term types of an other name (lib/articles/fields.ts holds their labels). */
export const termTypes = ["research", "clinical", "popular", "slang", "misnomer", "former", "confused"] as const;
export type TermType = (typeof termTypes)[number];
export const termTypeEnum = pgEnum("term_type", termTypes);
export const aliasKindEnum = pgEnum("alias_kind", aliasKinds);

export const articleAliases = pgTable(
  "article_aliases",
  {
    slug: text("slug").primaryKey(),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    kind: aliasKindEnum("kind").notNull().default("alias"),
    // What kind of term an other name is (research term, slang, …), from the article's front matter; null for a
    // former slug and for an other name given without a type.
    termType: termTypeEnum("term_type"),
  },
  (t) => [index("article_aliases_article_idx").on(t.articleId)],
);

export const revisionKinds = ["create", "edit", "revert", "seed"] as const;
export const revisionKindEnum = pgEnum("revision_kind", revisionKinds);

// Append-only: a revision is never updated or deleted.
export const revisions = pgTable(
  "revisions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer("article_id")
      .notNull()
      .references((): AnyPgColumn => articles.id, { onDelete: "cascade" }),
    parentId: integer("parent_id").references((): AnyPgColumn => revisions.id),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    kind: revisionKindEnum("kind").notNull().default("edit"),
    source: text("source").notNull(),
    summary: text("summary").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("revisions_article_created_idx").on(t.articleId, t.createdAt)],
);

// Hashes of every 8-word run of each article's current text (lib/articles/shingles.ts), replaced when a revision is
// published: a proposal's added text is looked up here by hash, so finding copied text never reads article texts.
export const articleShingles = pgTable(
  "article_shingles",
  {
    hash: bigint("hash", { mode: "bigint" }).notNull(),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
  },
  // The key leads with the hash (the lookup); the article index serves replacing one article's rows.
  (t) => [primaryKey({ columns: [t.hash, t.articleId] }), index("article_shingles_article_idx").on(t.articleId)],
);

// An impact-ordered index of the words of titles and other names: for each word, its articles best first (a word is
// worth more in a short title than in a long one, and more in the title than in another name). Search reads the best
// few of each searched word from it instead of ranking every article whose title holds a common word.
export const articleTerms = pgTable(
  "article_terms",
  {
    lexeme: text("lexeme").notNull(),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    score: real("score").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.lexeme, t.articleId] }),
    index("article_terms_best_idx").on(t.lexeme, t.score.desc()),
    index("article_terms_article_idx").on(t.articleId),
  ],
);

// The parser cache: a revision's body rendered once (HTML, contents, FAQs, plain text) and its parsed front matter, for
// one renderer version and one set of output-changing settings (lib/articles/parser-cache.ts). Revisions stay append-only.
export const renderedRevisions = pgTable(
  "rendered_revisions",
  {
    revisionId: integer("revision_id")
      .notNull()
      .references(() => revisions.id, { onDelete: "cascade" }),
    rendererVersion: integer("renderer_version").notNull(),
    settingsKey: text("settings_key").notNull(),
    meta: jsonb("meta").notNull(),
    body: jsonb("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.revisionId, t.rendererVersion, t.settingsKey] })],
);

// Expertise is a profile, not a role: a user keeps one role, and an admin grants a profile (an expert may also be a
// moderator). Revoking sets revoked_at; the reviews the expert made keep their name and credential as written.
export const expertProfiles = pgTable("expert_profiles", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  displayName: text("display_name").notNull(),
  credential: text("credential").notNull(),
  field: text("field").notNull(),
  grantedBy: text("granted_by").references(() => users.id, { onDelete: "set null" }),
  // A sample account made by the development seed, never by a production seed.
  sample: boolean("sample").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

// An expert's review of one revision of an article. The reviewer's name and credential are copied in, so the line
// readers see stays what it said when written. changed_share is the share of the article's prose words changed since
// the reviewed revision (the moderation review's structured diff), kept up to date at each publication.
export const articleReviews = pgTable(
  "article_reviews",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => revisions.id, { onDelete: "cascade" }),
    reviewerId: text("reviewer_id").references(() => users.id, { onDelete: "set null" }),
    reviewerName: text("reviewer_name").notNull(),
    credential: text("credential").notNull(),
    note: text("note").notNull(),
    changedShare: real("changed_share").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("article_reviews_article_idx").on(t.articleId, t.createdAt.desc())],
);

export type Article = typeof articles.$inferSelect;
export type Revision = typeof revisions.$inferSelect;
