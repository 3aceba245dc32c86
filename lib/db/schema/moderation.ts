import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { RiskFlag } from "../../moderation/risk";
import { articles, revisions } from "./articles";
import { users } from "./auth";

export const proposalStatuses = ["pending", "approved", "rejected", "changes_requested", "conflicted", "withdrawn"] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];
export const proposalStatusEnum = pgEnum("proposal_status", proposalStatuses);

export const proposals = pgTable(
  "proposals",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer("article_id").references(() => articles.id, { onDelete: "cascade" }),
    baseRevisionId: integer("base_revision_id").references(() => revisions.id),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    source: text("source").notNull(),
    summary: text("summary").notNull(),
    status: proposalStatusEnum("status").notNull().default("pending"),
    claimedBy: text("claimed_by").references(() => users.id, { onDelete: "set null" }),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    reviewerId: text("reviewer_id").references(() => users.id, { onDelete: "set null" }),
    reviewNote: text("review_note"),
    merged: boolean("merged").notNull().default(false),
    resultRevisionId: integer("result_revision_id").references(() => revisions.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    // Computed at submission and resubmission (lib/moderation/risk.ts), so the queue can filter and sort by them.
    riskFlags: jsonb("risk_flags").$type<RiskFlag[]>().notNull().default([]),
  },
  (t) => [index("proposals_status_created_idx").on(t.status, t.createdAt), index("proposals_author_idx").on(t.authorId, t.createdAt)],
);

export type Proposal = typeof proposals.$inferSelect;
