import { index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const donationIntervals = ["one_time", "monthly"] as const;
export const donationIntervalEnum = pgEnum("donation_interval", donationIntervals);
export const donationStatuses = ["pending", "paid", "failed", "active", "canceled", "refunded", "expired"] as const;
export type DonationStatus = (typeof donationStatuses)[number];
export const donationStatusEnum = pgEnum("donation_status", donationStatuses);

/** One per gift or monthly pledge, created as pending before the Checkout Session. */
export const donations = pgTable(
  "donations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    checkoutSessionId: text("checkout_session_id").unique(),
    subscriptionId: text("subscription_id").unique(),
    customerId: text("customer_id"),
    amount: integer("amount").notNull(), // minor units
    currency: text("currency").notNull(), // lower-case ISO 4217
    interval: donationIntervalEnum("interval").notNull(),
    status: donationStatusEnum("status").notNull().default("pending"),
    email: text("email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("donations_created_idx").on(t.createdAt)],
);

/** One per money received, keyed by payment intent or invoice id, so nothing counts twice. */
export const donationPayments = pgTable(
  "donation_payments",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    donationId: integer("donation_id")
      .notNull()
      .references(() => donations.id),
    stripePaymentKey: text("stripe_payment_key").notNull().unique(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    refundedAmount: integer("refunded_amount").notNull().default(0),
    paidAt: timestamp("paid_at", { withTimezone: true }).notNull(),
    receiptSentAt: timestamp("receipt_sent_at", { withTimezone: true }),
  },
  (t) => [index("donation_payments_paid_idx").on(t.paidAt)],
);

/** Every Stripe event applied, so a replayed webhook is a no-op. */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  payload: jsonb("payload").$type<Record<string, unknown>>(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A paid subscription invoice that no donation could claim yet (it arrived before its Checkout Session, with no
 * metadata): kept until the session for its subscription completes and records it, so no month is lost.
 */
export const stripeParkedInvoices = pgTable(
  "stripe_parked_invoices",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    invoiceId: text("invoice_id").notNull().unique(),
    subscriptionId: text("subscription_id").notNull(),
    customerId: text("customer_id"),
    amount: integer("amount").notNull(), // minor units
    currency: text("currency").notNull(), // lower-case ISO 4217
    paidAt: timestamp("paid_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("stripe_parked_invoices_subscription_idx").on(t.subscriptionId)],
);
