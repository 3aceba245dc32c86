CREATE TYPE "public"."watch_email_kind" AS ENUM('changes', 'digest');--> statement-breakpoint
CREATE TYPE "public"."watch_email_mode" AS ENUM('immediate', 'weekly', 'off');--> statement-breakpoint
CREATE TYPE "public"."watch_email_status" AS ENUM('claimed', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."watch_target" AS ENUM('article', 'category');--> statement-breakpoint
CREATE TABLE "watch_email_changes" (
	"user_id" text NOT NULL,
	"revision_id" integer NOT NULL,
	"email_id" integer NOT NULL,
	CONSTRAINT "watch_email_changes_user_id_revision_id_pk" PRIMARY KEY("user_id","revision_id")
);
--> statement-breakpoint
CREATE TABLE "watch_emails" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "watch_emails_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"kind" "watch_email_kind" NOT NULL,
	"period_key" text NOT NULL,
	"status" "watch_email_status" DEFAULT 'claimed' NOT NULL,
	"provider_id" text,
	"error" text,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "watch_preferences" (
	"user_id" text PRIMARY KEY NOT NULL,
	"email_mode" "watch_email_mode" DEFAULT 'immediate' NOT NULL,
	"digest_weekday" integer DEFAULT 1 NOT NULL,
	"digest_hour" integer DEFAULT 9 NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"auto_watch" boolean DEFAULT true NOT NULL,
	"seen_at" timestamp with time zone,
	"mode_since" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "watch_preferences_weekday_check" CHECK ("watch_preferences"."digest_weekday" between 0 and 6),
	CONSTRAINT "watch_preferences_hour_check" CHECK ("watch_preferences"."digest_hour" between 0 and 23)
);
--> statement-breakpoint
CREATE TABLE "watches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "watches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"target" "watch_target" NOT NULL,
	"article_id" integer,
	"category" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "watches_target_check" CHECK (("watches"."target" = 'article' and "watches"."article_id" is not null and "watches"."category" is null) or ("watches"."target" = 'category' and "watches"."category" is not null and "watches"."article_id" is null))
);
--> statement-breakpoint
ALTER TABLE "watch_email_changes" ADD CONSTRAINT "watch_email_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watch_email_changes" ADD CONSTRAINT "watch_email_changes_revision_id_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."revisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watch_email_changes" ADD CONSTRAINT "watch_email_changes_email_id_watch_emails_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."watch_emails"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watch_emails" ADD CONSTRAINT "watch_emails_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watch_preferences" ADD CONSTRAINT "watch_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watches" ADD CONSTRAINT "watches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watches" ADD CONSTRAINT "watches_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "watch_email_changes_email_idx" ON "watch_email_changes" USING btree ("email_id");--> statement-breakpoint
CREATE UNIQUE INDEX "watch_emails_user_kind_period_idx" ON "watch_emails" USING btree ("user_id","kind","period_key");--> statement-breakpoint
CREATE INDEX "watch_emails_status_idx" ON "watch_emails" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "watches_user_article_idx" ON "watches" USING btree ("user_id","article_id");--> statement-breakpoint
CREATE UNIQUE INDEX "watches_user_category_idx" ON "watches" USING btree ("user_id","category");--> statement-breakpoint
CREATE INDEX "watches_article_idx" ON "watches" USING btree ("article_id");--> statement-breakpoint
CREATE INDEX "watches_category_idx" ON "watches" USING btree ("category");