CREATE TABLE "article_terms" (
	"lexeme" text NOT NULL,
	"article_id" integer NOT NULL,
	"score" real NOT NULL,
	CONSTRAINT "article_terms_lexeme_article_id_pk" PRIMARY KEY("lexeme","article_id")
);
--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "lead_end" integer;--> statement-breakpoint
ALTER TABLE "article_terms" ADD CONSTRAINT "article_terms_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_terms_best_idx" ON "article_terms" USING btree ("lexeme","score" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "article_terms_article_idx" ON "article_terms" USING btree ("article_id");--> statement-breakpoint
-- Existing articles: their title and other-name words (the publish path keeps them from here on, lib/articles/publish.ts)
-- and where their sections start (the same heuristic search used until now: the first short line between blank lines).
INSERT INTO "article_terms" ("lexeme", "article_id", "score")
  SELECT x.lexeme, x.id, max(x.score) FROM (
    SELECT a.id, unnest(tsvector_to_array(v.t)) AS lexeme, 2.0 / greatest(1, length(v.t)) AS score
      FROM "articles" a, LATERAL (SELECT to_tsvector('english', a.title) AS t) v
    UNION ALL
    SELECT a.id, unnest(tsvector_to_array(v.t)), 1.0 / greatest(1, length(v.t))
      FROM "articles" a, LATERAL (SELECT to_tsvector('english', a.aliases_text) AS t) v
  ) x GROUP BY x.lexeme, x.id;--> statement-breakpoint
UPDATE "articles" SET "lead_end" = greatest(regexp_instr("body_text", E'\n\n[^\n.!?]{1,120}\n\n') - 1, 0);
