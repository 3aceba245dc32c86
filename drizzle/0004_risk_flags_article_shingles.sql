CREATE TABLE "article_shingles" (
	"hash" bigint NOT NULL,
	"article_id" integer NOT NULL,
	CONSTRAINT "article_shingles_hash_article_id_pk" PRIMARY KEY("hash","article_id")
);
--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "risk_flags" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "article_shingles" ADD CONSTRAINT "article_shingles_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_shingles_article_idx" ON "article_shingles" USING btree ("article_id");