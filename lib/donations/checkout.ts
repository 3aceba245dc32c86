// Starts a gift: a pending donation row, then a Stripe Checkout Session that points back at it.
// Nothing here marks a donation paid; only the verified webhook does (lib/donations/webhook.ts).
import "server-only";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { getDb, type Db } from "../db/client";
import { donations } from "../db/schema";
import { env } from "../env";
import { AppError } from "../errors";
import { absoluteUrl } from "../site";
import type { DonationInterval } from "./amounts";

export type CheckoutRequest = { amount: number; currency: string; interval: DonationInterval };

export type CheckoutStarted = { donationId: number; sessionId: string; url: string };

/** The parameters sent to Stripe; exported so tests can check them without a network. */
export function checkoutSessionParams(donationId: number, request: CheckoutRequest): Stripe.Checkout.SessionCreateParams {
  const site = env().SITE_NAME;
  const metadata = { donation_id: String(donationId) };
  const common = {
    client_reference_id: String(donationId),
    metadata,
    // {CHECKOUT_SESSION_ID} is filled in by Stripe; the thanks page looks the donation up by it.
    success_url: `${absoluteUrl("/donate/thanks")}?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${absoluteUrl("/donate")}?canceled=1`,
  } satisfies Partial<Stripe.Checkout.SessionCreateParams>;
  if (request.interval === "monthly") {
    return {
      ...common,
      mode: "subscription",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: request.currency,
            unit_amount: request.amount,
            recurring: { interval: "month" },
            product_data: { name: `Monthly donation to ${site}` },
          },
        },
      ],
      subscription_data: { metadata, description: `Monthly donation to ${site}` },
    };
  }
  return {
    ...common,
    mode: "payment",
    submit_type: "donate",
    line_items: [{ quantity: 1, price_data: { currency: request.currency, unit_amount: request.amount, product_data: { name: `Donation to ${site}` } } }],
    payment_intent_data: { metadata, description: `Donation to ${site}` },
  };
}

/**
 * Creates the pending donation and its Checkout Session. The amount must already be validated
 * (resolveDonationAmount); it is never taken from the browser as-is.
 */
export async function startDonationCheckout(stripe: Stripe, request: CheckoutRequest, db: Db = getDb()): Promise<CheckoutStarted> {
  const [row] = await db
    .insert(donations)
    .values({ amount: request.amount, currency: request.currency, interval: request.interval, status: "pending" })
    .returning({ id: donations.id });
  let session: Stripe.Checkout.Session;
  try {
    // One key per donation row: a retried request never opens a second session.
    session = await stripe.checkout.sessions.create(checkoutSessionParams(row.id, request), { idempotencyKey: `donation-checkout-${row.id}` });
  } catch (error) {
    // The row never reached Stripe: remove it so it does not show as an abandoned gift.
    await db.delete(donations).where(eq(donations.id, row.id));
    console.error("Starting a Stripe Checkout session failed:", error);
    throw new AppError(
      "unavailable",
      "We could not reach our payment provider just now. Nothing was charged. Please try again in a minute.",
      {},
      { cause: error },
    );
  }
  if (!session.url) {
    await db.delete(donations).where(eq(donations.id, row.id));
    throw new AppError("unavailable", "Our payment provider did not return a payment page. Nothing was charged. Please try again in a minute.");
  }
  await db.update(donations).set({ checkoutSessionId: session.id, updatedAt: new Date() }).where(eq(donations.id, row.id));
  return { donationId: row.id, sessionId: session.id, url: session.url };
}
