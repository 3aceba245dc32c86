// A monthly donor stops giving (or updates their card) from the link in their receipt: no account needed.
// The link carries the donation id and an HMAC of it, so it cannot be guessed or altered.
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { getDb, type Db } from "../db/client";
import { donations, type DonationStatus } from "../db/schema";
import { env } from "../env";
import { AppError } from "../errors";
import { absoluteUrl } from "../site";
import type { DonationInterval } from "./amounts";

function signingKey(): string | null {
  const secret = env().STRIPE_SECRET_KEY;
  // Derived from the Stripe key: links only exist where donations do, and need no other secret.
  return secret ? createHmac("sha256", "attune-donation-manage").update(secret).digest("hex") : null;
}

function signatureOf(donationId: number, key: string): string {
  return createHmac("sha256", key).update(`donation:${donationId}`).digest("base64url").slice(0, 32);
}

export function manageToken(donationId: number): string | null {
  const key = signingKey();
  return key ? `${donationId}-${signatureOf(donationId, key)}` : null;
}

export function manageUrl(donationId: number): string | null {
  const token = manageToken(donationId);
  return token ? absoluteUrl(`/donate/manage/${token}`) : null;
}

/** The donation id a manage token stands for, or null when it is malformed or forged. */
export function verifyManageToken(token: string): number | null {
  const key = signingKey();
  const match = /^(\d{1,9})-([A-Za-z0-9_-]{32})$/.exec(token);
  if (!key || !match) return null;
  const donationId = Number(match[1]);
  const expected = Buffer.from(signatureOf(donationId, key));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && timingSafeEqual(expected, given) ? donationId : null;
}

export type ManagedDonation = {
  id: number;
  interval: DonationInterval;
  status: DonationStatus;
  amount: number;
  currency: string;
  hasSubscription: boolean;
  hasCustomer: boolean;
};

export async function getManagedDonation(donationId: number, db: Db = getDb()): Promise<ManagedDonation | null> {
  const [row] = await db
    .select({
      id: donations.id,
      interval: donations.interval,
      status: donations.status,
      amount: donations.amount,
      currency: donations.currency,
      subscriptionId: donations.subscriptionId,
      customerId: donations.customerId,
    })
    .from(donations)
    .where(eq(donations.id, donationId));
  if (!row) return null;
  const { subscriptionId, customerId, ...rest } = row;
  return { ...rest, hasSubscription: Boolean(subscriptionId), hasCustomer: Boolean(customerId) };
}

/**
 * Cancels the Stripe subscription behind a monthly gift now. The webhook (customer.subscription.deleted)
 * records the same thing again later; marking it here only lets the page answer at once.
 */
export async function stopMonthlyDonation(stripe: Stripe, donationId: number, db: Db = getDb()): Promise<"stopped" | "already_stopped"> {
  const [row] = await db
    .select({ interval: donations.interval, status: donations.status, subscriptionId: donations.subscriptionId })
    .from(donations)
    .where(eq(donations.id, donationId));
  if (!row || row.interval !== "monthly") throw new AppError("not_found", "This link is not for a monthly gift.");
  if (row.status === "canceled") return "already_stopped";
  if (!row.subscriptionId)
    throw new AppError("conflict", "Your monthly gift has not been confirmed by our payment provider yet. Please try again in a few minutes.");
  try {
    await stripe.subscriptions.cancel(row.subscriptionId);
  } catch (error) {
    // Stripe refuses to cancel a subscription that is already gone; anything else is worth retrying.
    const code = (error as { code?: string }).code;
    if (code !== "resource_missing") {
      console.error("Stopping a monthly gift failed:", error);
      throw new AppError(
        "unavailable",
        "We could not reach our payment provider to stop your gift. Nothing has changed; please try again in a minute.",
        {},
        { cause: error },
      );
    }
  }
  await db
    .update(donations)
    .set({ status: "canceled", updatedAt: new Date() })
    .where(and(eq(donations.id, donationId), inArray(donations.status, ["pending", "active", "failed"])));
  return "stopped";
}

/** A one-time Stripe customer portal address (update the card, see invoices, cancel), valid for a few minutes. */
export async function billingPortalUrl(stripe: Stripe, donationId: number, returnPath: string, db: Db = getDb()): Promise<string> {
  const [row] = await db.select({ customerId: donations.customerId }).from(donations).where(eq(donations.id, donationId));
  if (!row?.customerId) throw new AppError("conflict", "Your gift has not been confirmed by our payment provider yet. Please try again in a few minutes.");
  try {
    const session = await stripe.billingPortal.sessions.create({ customer: row.customerId, return_url: absoluteUrl(returnPath) });
    return session.url;
  } catch (error) {
    console.error("Opening the billing portal failed:", error);
    throw new AppError(
      "unavailable",
      "The payment provider's billing page is not available just now. You can still stop your gift here.",
      {},
      { cause: error },
    );
  }
}
