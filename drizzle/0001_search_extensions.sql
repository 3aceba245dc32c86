-- Typo-tolerant lookup of titles and aliases (pg_trgm ships with PGlite and with postgresql-contrib).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "articles_title_trgm_idx" ON "articles" USING gin (lower("title") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "article_aliases_label_trgm_idx" ON "article_aliases" USING gin (lower("label") gin_trgm_ops);
