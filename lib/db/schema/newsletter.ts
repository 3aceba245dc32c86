import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const subscriberStatuses = ["pending", "confirmed", "unsubscribed", "suppressed"] as const;
export type SubscriberStatus = (typeof subscriberStatuses)[number];
export const subscriberStatusEnum = pgEnum("subscriber_status", subscriberStatuses);

export const subscribers = pgTable(
  "subscribers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    email: text("email").notNull().unique(), // normalised to lower case
    status: subscriberStatusEnum("status").notNull().default("pending"),
    confirmTokenHash: text("confirm_token_hash"),
    confirmTokenExpiresAt: timestamp("confirm_token_expires_at", { withTimezone: true }),
    unsubscribeTokenHash: text("unsubscribe_token_hash").notNull(),
    source: text("source"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    unsubscribedAt: timestamp("unsubscribed_at", { withTimezone: true }),
    suppressedAt: timestamp("suppressed_at", { withTimezone: true }),
    suppressedReason: text("suppressed_reason"),
  },
  (t) => [
    uniqueIndex("subscribers_confirm_token_idx").on(t.confirmTokenHash),
    uniqueIndex("subscribers_unsubscribe_token_idx").on(t.unsubscribeTokenHash),
    index("subscribers_status_idx").on(t.status),
  ],
);

export const newsletterIssueStatuses = ["draft", "sending", "sent"] as const;
export const newsletterIssueStatusEnum = pgEnum("newsletter_issue_status", newsletterIssueStatuses);

export const newsletterIssues = pgTable("newsletter_issues", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  slug: text("slug").notNull().unique(),
  subject: text("subject").notNull(),
  markdown: text("markdown").notNull(),
  status: newsletterIssueStatusEnum("status").notNull().default("draft"),
  authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  sendStartedAt: timestamp("send_started_at", { withTimezone: true }),
  sentAt: timestamp("sent_at", { withTimezone: true }),
});

export const deliveryStatuses = ["claimed", "sent", "failed"] as const;
export const deliveryStatusEnum = pgEnum("delivery_status", deliveryStatuses);

/** One per (issue, subscriber), claimed before sending so a resumed send never mails anyone twice. */
export const newsletterDeliveries = pgTable(
  "newsletter_deliveries",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    issueId: integer("issue_id")
      .notNull()
      .references(() => newsletterIssues.id, { onDelete: "cascade" }),
    subscriberId: integer("subscriber_id").references(() => subscribers.id, { onDelete: "set null" }),
    status: deliveryStatusEnum("status").notNull().default("claimed"),
    providerId: text("provider_id"),
    error: text("error"),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("newsletter_deliveries_issue_subscriber_idx").on(t.issueId, t.subscriberId),
    index("newsletter_deliveries_issue_status_idx").on(t.issueId, t.status),
  ],
);

/** Resend webhook deliveries applied (svix-id), so a replay changes nothing. */
export const resendEvents = pgTable("resend_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});
