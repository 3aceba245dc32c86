import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { articles, revisions } from "./articles";
import { users } from "./auth";

export const watchTargets = ["article", "category"] as const;
export type WatchTarget = (typeof watchTargets)[number];
export const watchTargetEnum = pgEnum("watch_target", watchTargets);

/** One row per thing a person follows: an article (by id, so a rename keeps it) or a category (by name). */
export const watches = pgTable(
  "watches",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    target: watchTargetEnum("target").notNull(),
    articleId: integer("article_id").references(() => articles.id, { onDelete: "cascade" }),
    category: text("category"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("watches_user_article_idx").on(t.userId, t.articleId),
    uniqueIndex("watches_user_category_idx").on(t.userId, t.category),
    index("watches_article_idx").on(t.articleId),
    index("watches_category_idx").on(t.category),
    check(
      "watches_target_check",
      sql`(${t.target} = 'article' and ${t.articleId} is not null and ${t.category} is null) or (${t.target} = 'category' and ${t.category} is not null and ${t.articleId} is null)`,
    ),
  ],
);

export const watchEmailModes = ["immediate", "weekly", "off"] as const;
export type WatchEmailMode = (typeof watchEmailModes)[number];
export const watchEmailModeEnum = pgEnum("watch_email_mode", watchEmailModes);

/** A person's watchlist settings; a missing row means the defaults below. */
export const watchPreferences = pgTable(
  "watch_preferences",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    emailMode: watchEmailModeEnum("email_mode").notNull().default("immediate"),
    /** 0 = Sunday … 6 = Saturday, in the person's time zone. */
    digestWeekday: integer("digest_weekday").notNull().default(1),
    digestHour: integer("digest_hour").notNull().default(9),
    timeZone: text("time_zone").notNull().default("UTC"),
    /** Watch an article on proposing an edit to it. */
    autoWatch: boolean("auto_watch").notNull().default(true),
    /** When the watchlist page was last opened: what changed after this is "new". */
    seenAt: timestamp("seen_at", { withTimezone: true }),
    /** When the email mode last changed: no email lists changes from before it. */
    modeSince: timestamp("mode_since", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("watch_preferences_weekday_check", sql`${t.digestWeekday} between 0 and 6`),
    check("watch_preferences_hour_check", sql`${t.digestHour} between 0 and 23`),
  ],
);

export const watchEmailKinds = ["changes", "digest"] as const;
export type WatchEmailKind = (typeof watchEmailKinds)[number];
export const watchEmailKindEnum = pgEnum("watch_email_kind", watchEmailKinds);
export const watchEmailStatuses = ["claimed", "sent", "failed"] as const;
export const watchEmailStatusEnum = pgEnum("watch_email_status", watchEmailStatuses);

/**
 * One email to one watcher, claimed before it is sent: (user, kind, period) is unique, so a retried or doubled job
 * finds the claim and never writes a second email for the same hour's changes or the same week's digest.
 */
export const watchEmails = pgTable(
  "watch_emails",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: watchEmailKindEnum("kind").notNull(),
    /** The batch's first change time (changes) or the digest's scheduled moment (digest), as an ISO string. */
    periodKey: text("period_key").notNull(),
    status: watchEmailStatusEnum("status").notNull().default("claimed"),
    providerId: text("provider_id"),
    error: text("error"),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("watch_emails_user_kind_period_idx").on(t.userId, t.kind, t.periodKey), index("watch_emails_status_idx").on(t.status)],
);

/** Which change went in which change email: (user, revision) is unique, so no change is mailed to a watcher twice. */
export const watchEmailChanges = pgTable(
  "watch_email_changes",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => revisions.id, { onDelete: "cascade" }),
    emailId: integer("email_id")
      .notNull()
      .references(() => watchEmails.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.revisionId] }), index("watch_email_changes_email_idx").on(t.emailId)],
);

export type Watch = typeof watches.$inferSelect;
export type WatchPreferences = typeof watchPreferences.$inferSelect;
