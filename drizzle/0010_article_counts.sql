CREATE TABLE "article_counts" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "article_counts_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
-- The counts of the articles already published; publishRevision keeps them from here on (lib/articles/listing-counts.ts).
INSERT INTO "article_counts" ("scope", "key", "n") SELECT 'all', '', count(*)::int FROM "articles";
--> statement-breakpoint
INSERT INTO "article_counts" ("scope", "key", "n") SELECT 'letter', "letter", count(*)::int FROM "articles" GROUP BY "letter";
--> statement-breakpoint
INSERT INTO "article_counts" ("scope", "key", "n") SELECT 'category', "category", count(*)::int FROM "article_categories" GROUP BY "category";
