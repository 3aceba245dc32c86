// Applies verified Stripe events to donations. Each event is stored by id in the same transaction as
// its effect, so a replay is a no-op; each payment is one row keyed by its payment intent or invoice id,
// so the first month of a monthly gift (checkout.session.completed + invoice.paid) counts once. An invoice no
// donation can claim yet is parked and recorded when its subscription's Checkout Session completes.
import "server-only";
import { and, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type Stripe from "stripe";
import { getDb, type Db, type Tx } from "../db/client";
import { donationPayments, donations, stripeEvents, stripeParkedInvoices, type DonationStatus } from "../db/schema";
import type { DonationInterval } from "./amounts";
import { queueReceipts } from "./receipts";

export const HANDLED_EVENT_TYPES = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "invoice.paid",
  "customer.subscription.deleted",
  "charge.refunded",
] as const;
export type HandledEventType = (typeof HANDLED_EVENT_TYPES)[number];

export function isHandledEventType(type: string): type is HandledEventType {
  return (HANDLED_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * Thrown when an event refers to something that has not landed yet: the route answers 5xx and Stripe retries.
 * Not an AppError: it is for Stripe's retry and the log, never shown to a person.
 */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetryLaterError";
  }
}

export type WebhookOutcome = { status: "applied" | "duplicate" | "ignored"; donationIds: number[] };

type Signal = "paid" | "payment_failed" | "checkout_expired" | "refunded_in_full" | "subscription_canceled";

/**
 * Where a donation goes next. Statuses only move forward, so events arriving in any order end in the
 * same state: a late "completed" never reopens a refunded gift, a late invoice never revives a cancelled pledge.
 */
export function nextStatus(interval: DonationInterval, current: DonationStatus, signal: Signal): DonationStatus {
  if (interval === "one_time") {
    switch (signal) {
      case "paid":
        return current === "pending" || current === "failed" || current === "expired" ? "paid" : current;
      case "payment_failed":
        return current === "pending" ? "failed" : current;
      case "checkout_expired":
        return current === "pending" ? "expired" : current;
      case "refunded_in_full":
        return current === "pending" || current === "paid" ? "refunded" : current;
      case "subscription_canceled":
        return current;
    }
  }
  switch (signal) {
    case "paid":
      return current === "pending" || current === "failed" || current === "expired" ? "active" : current;
    case "payment_failed":
      return current === "pending" ? "failed" : current;
    case "checkout_expired":
      return current === "pending" ? "expired" : current;
    case "refunded_in_full":
      return current; // one month refunded does not end the pledge
    case "subscription_canceled":
      return "canceled";
  }
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

function donationIdFrom(metadata: Record<string, string> | null | undefined): number | null {
  const raw = metadata?.donation_id;
  if (!raw || !/^\d{1,9}$/.test(raw)) return null;
  return Number(raw);
}

function normaliseEmail(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  return e ? e : null;
}

type DonationRow = {
  id: number;
  interval: DonationInterval;
  status: DonationStatus;
  amount: number;
  currency: string;
  checkoutSessionId: string | null;
  subscriptionId: string | null;
  customerId: string | null;
  email: string | null;
};

const donationColumns = {
  id: donations.id,
  interval: donations.interval,
  status: donations.status,
  amount: donations.amount,
  currency: donations.currency,
  checkoutSessionId: donations.checkoutSessionId,
  subscriptionId: donations.subscriptionId,
  customerId: donations.customerId,
  email: donations.email,
};

/** The donation row, locked for the rest of the transaction so concurrent events for one gift apply one after another. */
async function lockDonation(tx: Tx, where: SQL | undefined): Promise<DonationRow | undefined> {
  if (!where) return undefined;
  const [row] = await tx.select(donationColumns).from(donations).where(where).limit(1).for("update");
  return row;
}

type DonationPatch = {
  status?: DonationStatus;
  email?: string | null;
  customerId?: string | null;
  subscriptionId?: string | null;
  checkoutSessionId?: string | null;
};

/** Fills in what was missing (the first value Stripe tells us wins) and moves the status. */
async function updateDonation(tx: Tx, donation: DonationRow, patch: DonationPatch): Promise<void> {
  const set: Partial<typeof donations.$inferInsert> = {};
  if (patch.status && patch.status !== donation.status) set.status = patch.status;
  if (patch.email && !donation.email) set.email = patch.email;
  if (patch.customerId && !donation.customerId) set.customerId = patch.customerId;
  if (patch.subscriptionId && !donation.subscriptionId) set.subscriptionId = patch.subscriptionId;
  if (patch.checkoutSessionId && !donation.checkoutSessionId) set.checkoutSessionId = patch.checkoutSessionId;
  if (Object.keys(set).length === 0) return;
  await tx
    .update(donations)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(donations.id, donation.id));
  Object.assign(donation, set);
}

type Payment = { key: string; amount: number; currency: string; paidAt: Date };

/** One row per money received; a second event for the same payment changes nothing. */
async function recordPayment(tx: Tx, donation: DonationRow, payment: Payment): Promise<boolean> {
  if (payment.amount <= 0) return false;
  const inserted = await tx
    .insert(donationPayments)
    .values({
      donationId: donation.id,
      stripePaymentKey: payment.key,
      amount: payment.amount,
      currency: payment.currency.toLowerCase(),
      paidAt: payment.paidAt,
    })
    .onConflictDoNothing({ target: donationPayments.stripePaymentKey })
    .returning({ id: donationPayments.id });
  return inserted.length > 0;
}

/**
 * Serialises the events of one subscription: an invoice parked by one transaction is then always seen by the
 * session that claims it. Always taken before any donation row, so two events never wait on each other in a cycle.
 */
async function lockSubscription(tx: Tx, subscriptionId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`stripe-subscription:${subscriptionId}`}, 0))`);
}

/** Records the invoices parked for this subscription as payments of the donation now known to own it. */
async function claimParkedInvoices(tx: Tx, donation: DonationRow, subscriptionId: string): Promise<number> {
  if (donation.interval !== "monthly" || donation.subscriptionId !== subscriptionId) return 0;
  const parked = await tx.delete(stripeParkedInvoices).where(eq(stripeParkedInvoices.subscriptionId, subscriptionId)).returning({
    key: stripeParkedInvoices.invoiceId,
    amount: stripeParkedInvoices.amount,
    currency: stripeParkedInvoices.currency,
    paidAt: stripeParkedInvoices.paidAt,
  });
  for (const payment of parked) await recordPayment(tx, donation, payment);
  return parked.length;
}

async function donationForSession(tx: Tx, session: Stripe.Checkout.Session): Promise<DonationRow | undefined> {
  const fromMetadata = donationIdFrom(session.metadata);
  const donation = await lockDonation(
    tx,
    fromMetadata !== null ? or(eq(donations.id, fromMetadata), eq(donations.checkoutSessionId, session.id)) : eq(donations.checkoutSessionId, session.id),
  );
  // Metadata is ours, but a session may only complete the donation it was opened for.
  if (donation?.checkoutSessionId && donation.checkoutSessionId !== session.id) {
    console.warn(`Stripe session ${session.id} names donation ${donation.id}, which belongs to session ${donation.checkoutSessionId}; ignored.`);
    return undefined;
  }
  return donation;
}

async function applySessionPaid(tx: Tx, session: Stripe.Checkout.Session, eventTime: Date): Promise<number[]> {
  const subscriptionId = idOf(session.subscription);
  if (subscriptionId) await lockSubscription(tx, subscriptionId);
  const donation = await donationForSession(tx, session);
  if (!donation) return [];
  const email = normaliseEmail(session.customer_details?.email ?? session.customer_email);
  const customerId = idOf(session.customer);
  await updateDonation(tx, donation, { email, customerId, subscriptionId, checkoutSessionId: session.id });
  // A paid invoice that came before this session proves the money arrived, whatever the session says.
  const claimed = subscriptionId ? await claimParkedInvoices(tx, donation, subscriptionId) : 0;
  if (claimed > 0) await updateDonation(tx, donation, { status: nextStatus(donation.interval, donation.status, "paid") });
  if (session.payment_status !== "paid") return [donation.id]; // an async method (e.g. SEPA) settles later
  const key = session.mode === "subscription" ? idOf(session.invoice) : idOf(session.payment_intent);
  if (key)
    await recordPayment(tx, donation, {
      key,
      amount: session.amount_total ?? donation.amount,
      currency: session.currency ?? donation.currency,
      paidAt: eventTime,
    });
  await updateDonation(tx, donation, { status: nextStatus(donation.interval, donation.status, "paid") });
  return [donation.id];
}

async function applySessionFailed(tx: Tx, session: Stripe.Checkout.Session): Promise<number[]> {
  const donation = await donationForSession(tx, session);
  if (!donation) return [];
  await updateDonation(tx, donation, {
    email: normaliseEmail(session.customer_details?.email ?? session.customer_email),
    customerId: idOf(session.customer),
    checkoutSessionId: session.id,
    status: nextStatus(donation.interval, donation.status, "payment_failed"),
  });
  return [donation.id];
}

/** The donor left Checkout unpaid and the session lapsed (24 hours by default): the pending gift is kept, marked expired. */
async function applySessionExpired(tx: Tx, session: Stripe.Checkout.Session): Promise<number[]> {
  const donation = await donationForSession(tx, session);
  if (!donation) return [];
  await updateDonation(tx, donation, { checkoutSessionId: session.id, status: nextStatus(donation.interval, donation.status, "checkout_expired") });
  return [];
}

async function donationForSubscription(
  tx: Tx,
  subscriptionId: string | null,
  metadata: Record<string, string> | null | undefined,
): Promise<DonationRow | undefined> {
  const fromMetadata = donationIdFrom(metadata);
  const conditions = [
    subscriptionId ? eq(donations.subscriptionId, subscriptionId) : undefined,
    fromMetadata !== null ? eq(donations.id, fromMetadata) : undefined,
  ].filter(Boolean) as SQL[];
  if (conditions.length === 0) return undefined;
  const donation = await lockDonation(tx, or(...conditions));
  if (!donation || donation.interval !== "monthly") return undefined;
  if (subscriptionId && donation.subscriptionId && donation.subscriptionId !== subscriptionId) return undefined;
  return donation;
}

/** A pledge whose subscription we have not heard of yet, found by its Stripe customer when exactly one could be it. */
async function donationForCustomer(tx: Tx, customerId: string | null): Promise<DonationRow | undefined> {
  if (!customerId) return undefined;
  // A pledge with a subscription of its own is another gift of the same donor, never this invoice's.
  const unlinked = and(
    eq(donations.customerId, customerId),
    eq(donations.interval, "monthly"),
    inArray(donations.status, ["pending", "active"]),
    isNull(donations.subscriptionId),
  );
  const candidates = await tx.select({ id: donations.id }).from(donations).where(unlinked).limit(2);
  if (candidates.length !== 1) return undefined;
  return lockDonation(tx, and(eq(donations.id, candidates[0].id), unlinked));
}

/** Keeps a paid invoice no donation can claim yet; its replay or a second event for it parks nothing more. */
async function parkInvoice(tx: Tx, subscriptionId: string, customerId: string | null, payment: Payment): Promise<void> {
  if (payment.amount <= 0) return;
  await tx
    .insert(stripeParkedInvoices)
    .values({ invoiceId: payment.key, subscriptionId, customerId, amount: payment.amount, currency: payment.currency.toLowerCase(), paidAt: payment.paidAt })
    .onConflictDoNothing({ target: stripeParkedInvoices.invoiceId });
}

async function applyInvoicePaid(tx: Tx, invoice: Stripe.Invoice, eventTime: Date): Promise<number[]> {
  const details = invoice.parent?.subscription_details;
  const subscriptionId = idOf(details?.subscription);
  if (!subscriptionId) return []; // not a subscription invoice, so not a monthly gift
  await lockSubscription(tx, subscriptionId);
  const customerId = idOf(invoice.customer);
  const paidAt = invoice.status_transitions?.paid_at ? new Date(invoice.status_transitions.paid_at * 1000) : eventTime;
  const payment = { key: invoice.id, amount: invoice.amount_paid, currency: invoice.currency, paidAt };
  // The subscription id, the subscription's metadata or the customer may name the donation before
  // checkout.session.completed has recorded the subscription id; if none does, the invoice waits for it.
  const donation = (await donationForSubscription(tx, subscriptionId, details?.metadata)) ?? (await donationForCustomer(tx, customerId));
  if (!donation) {
    await parkInvoice(tx, subscriptionId, customerId, payment);
    return [];
  }
  await updateDonation(tx, donation, { subscriptionId, customerId, email: normaliseEmail(invoice.customer_email) });
  await claimParkedInvoices(tx, donation, subscriptionId);
  await recordPayment(tx, donation, payment);
  await updateDonation(tx, donation, { status: nextStatus(donation.interval, donation.status, "paid") });
  return [donation.id];
}

async function applySubscriptionDeleted(tx: Tx, subscription: Stripe.Subscription): Promise<number[]> {
  const donation = await donationForSubscription(tx, subscription.id, subscription.metadata);
  if (!donation) return [];
  await updateDonation(tx, donation, {
    subscriptionId: subscription.id,
    customerId: idOf(subscription.customer),
    status: nextStatus(donation.interval, donation.status, "subscription_canceled"),
  });
  return [donation.id];
}

async function applyChargeRefunded(tx: Tx, charge: Stripe.Charge, paymentKeys: string[]): Promise<number[]> {
  const [payment] =
    paymentKeys.length > 0
      ? await tx
          .select({
            id: donationPayments.id,
            donationId: donationPayments.donationId,
            amount: donationPayments.amount,
            refundedAmount: donationPayments.refundedAmount,
          })
          .from(donationPayments)
          .where(inArray(donationPayments.stripePaymentKey, paymentKeys))
          .limit(1)
          .for("update")
      : [];
  if (!payment) {
    // A refund for one of our gifts whose payment has not landed yet: refuse, so Stripe delivers it again later.
    const donationId = donationIdFrom(charge.metadata);
    const customerId = idOf(charge.customer);
    const conditions = [donationId !== null ? eq(donations.id, donationId) : undefined, customerId ? eq(donations.customerId, customerId) : undefined].filter(
      Boolean,
    ) as SQL[];
    if (conditions.length > 0) {
      const [known] = await tx
        .select({ id: donations.id })
        .from(donations)
        .where(or(...conditions))
        .limit(1);
      if (known) throw new RetryLaterError(`Refund ${charge.id} arrived before its payment; Stripe will retry.`);
    }
    return [];
  }
  const refunded = Math.min(payment.amount, Math.max(payment.refundedAmount, charge.amount_refunded));
  if (refunded !== payment.refundedAmount) {
    await tx.update(donationPayments).set({ refundedAmount: refunded }).where(eq(donationPayments.id, payment.id));
  }
  const donation = await lockDonation(tx, eq(donations.id, payment.donationId));
  if (donation && refunded >= payment.amount) {
    await updateDonation(tx, donation, { status: nextStatus(donation.interval, donation.status, "refunded_in_full") });
  }
  return [payment.donationId];
}

/**
 * A refund names a charge's payment intent. One-time gifts are keyed by it already; a monthly payment is
 * keyed by its invoice, which Stripe maps from the payment intent (looked up before the transaction opens).
 */
async function refundPaymentKeys(charge: Stripe.Charge, db: Db, stripe: Stripe | null): Promise<string[]> {
  const paymentIntent = idOf(charge.payment_intent);
  if (!paymentIntent) return [];
  const keys = [paymentIntent];
  const [known] = await db.select({ id: donationPayments.id }).from(donationPayments).where(eq(donationPayments.stripePaymentKey, paymentIntent)).limit(1);
  if (!known && stripe) {
    const invoicePayments = await stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: paymentIntent }, limit: 3 });
    for (const p of invoicePayments.data) {
      const invoiceId = idOf(p.invoice);
      if (invoiceId) keys.push(invoiceId);
    }
  }
  return keys;
}

async function applyEvent(tx: Tx, event: Stripe.Event, refundKeys: string[]): Promise<number[]> {
  const eventTime = new Date(event.created * 1000);
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return applySessionPaid(tx, event.data.object, eventTime);
    case "checkout.session.async_payment_failed":
      return applySessionFailed(tx, event.data.object);
    case "checkout.session.expired":
      return applySessionExpired(tx, event.data.object);
    case "invoice.paid":
      return applyInvoicePaid(tx, event.data.object, eventTime);
    case "customer.subscription.deleted":
      return applySubscriptionDeleted(tx, event.data.object);
    case "charge.refunded":
      return applyChargeRefunded(tx, event.data.object, refundKeys);
    default:
      return [];
  }
}

/** What is kept of an event: enough to trace it in Stripe's dashboard, without a second copy of the donor's details. */
function eventSummary(event: Stripe.Event): Record<string, unknown> {
  const object = event.data.object as { id?: string; object?: string };
  return {
    object: object.object ?? null,
    objectId: object.id ?? null,
    created: event.created,
    livemode: event.livemode,
    apiVersion: event.api_version ?? null,
  };
}

export type HandleOptions = { db?: Db; stripe?: Stripe | null; sendReceipts?: boolean };

/**
 * Applies one verified event exactly once. Throws when the effect fails: the transaction rolls back
 * (the event id is not kept) and the caller answers 5xx so that Stripe retries.
 */
export async function handleStripeEvent(event: Stripe.Event, options: HandleOptions = {}): Promise<WebhookOutcome> {
  if (!isHandledEventType(event.type)) return { status: "ignored", donationIds: [] };
  const db = options.db ?? getDb();
  const refundKeys = event.type === "charge.refunded" ? await refundPaymentKeys(event.data.object, db, options.stripe ?? null) : [];
  const outcome = await db.transaction(async (tx): Promise<WebhookOutcome> => {
    const stored = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, payload: eventSummary(event) })
      .onConflictDoNothing({ target: stripeEvents.id })
      .returning({ id: stripeEvents.id });
    if (stored.length === 0) return { status: "duplicate", donationIds: [] };
    const donationIds = await applyEvent(tx, event, refundKeys);
    // The receipts' job commits with the payment, so a rolled-back event mails nobody and a committed one is never forgotten.
    if (options.sendReceipts !== false) await queueReceipts(tx, donationIds);
    return { status: "applied", donationIds };
  });
  return outcome;
}
