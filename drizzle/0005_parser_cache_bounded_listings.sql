CREATE TABLE "article_categories" (
	"category" text NOT NULL,
	"article_id" integer NOT NULL,
	"title" text NOT NULL,
	CONSTRAINT "article_categories_category_article_id_pk" PRIMARY KEY("category","article_id")
);
--> statement-breakpoint
CREATE TABLE "rendered_revisions" (
	"revision_id" integer NOT NULL,
	"renderer_version" integer NOT NULL,
	"settings_key" text NOT NULL,
	"meta" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rendered_revisions_revision_id_renderer_version_settings_key_pk" PRIMARY KEY("revision_id","renderer_version","settings_key")
);
--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "head_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("articles"."title", '')), 'A') || setweight(to_tsvector('english', coalesce("articles"."aliases_text", '')), 'A') || setweight(to_tsvector('english', coalesce("articles"."summary", '')), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "article_categories" ADD CONSTRAINT "article_categories_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rendered_revisions" ADD CONSTRAINT "rendered_revisions_revision_id_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."revisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_categories_title_idx" ON "article_categories" USING btree ("category","title");--> statement-breakpoint
CREATE INDEX "article_categories_article_idx" ON "article_categories" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "articles_head_search_idx" ON "articles" USING gin ("head_vector");--> statement-breakpoint
-- Existing articles get their category rows once; the publish path keeps them from here on.
INSERT INTO "article_categories" ("category", "article_id", "title")
  SELECT DISTINCT c, a.id, a.title FROM "articles" a, unnest(a.categories) AS c ON CONFLICT DO NOTHING;
