-- Type-ahead prefixes (lib/articles/suggest.ts): a range of lower(title) in byte order, read in index order, so "a" at
-- 100k articles reads 8 index entries instead of every title that starts with it.
CREATE INDEX IF NOT EXISTS "articles_title_prefix_idx" ON "articles" USING btree ((lower("title") COLLATE "C"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "article_aliases_label_prefix_idx" ON "article_aliases" USING btree ((lower("label") COLLATE "C")) WHERE "kind" = 'alias';
