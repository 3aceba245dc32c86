// The Stripe client (official SDK) and the donation settings, both read from lib/env.ts.
import Stripe from "stripe";
import { env } from "../env";
import { AppError } from "../errors";
import type { DonationSettings } from "./amounts";

export const DONATIONS_NOT_CONFIGURED = "Donations are not configured on this site.";

/** True when STRIPE_SECRET_KEY is set: without it the site shows no payment form and nothing else changes. */
export function donationsEnabled(): boolean {
  return Boolean(env().STRIPE_SECRET_KEY);
}

export function donationSettings(): DonationSettings {
  const e = env();
  return { currencies: e.DONATION_CURRENCIES, presets: e.DONATION_PRESETS, min: e.DONATION_MIN, max: e.DONATION_MAX };
}

let cached: { key: string; client: Stripe } | undefined;

/**
 * The SDK client, or null when STRIPE_SECRET_KEY is unset. STRIPE_API_HOST/PORT/PROTOCOL point it
 * at a local fake in tests; in production they stay unset and the SDK talks to api.stripe.com.
 */
export function getStripe(): Stripe | null {
  const e = env();
  if (!e.STRIPE_SECRET_KEY) return null;
  const key = [e.STRIPE_SECRET_KEY, e.STRIPE_API_HOST, e.STRIPE_API_PORT, e.STRIPE_API_PROTOCOL].join("|");
  if (cached?.key !== key) {
    cached = {
      key,
      client: new Stripe(e.STRIPE_SECRET_KEY, {
        maxNetworkRetries: 2,
        timeout: 20_000,
        appInfo: { name: "Attune donations" },
        ...(e.STRIPE_API_HOST ? { host: e.STRIPE_API_HOST } : {}),
        ...(e.STRIPE_API_PORT ? { port: e.STRIPE_API_PORT } : {}),
        ...(e.STRIPE_API_PROTOCOL ? { protocol: e.STRIPE_API_PROTOCOL } : {}),
      }),
    };
  }
  return cached.client;
}

/** Verifies a webhook body against its Stripe-Signature header; throws on a bad, stale or missing signature. */
export function constructStripeEvent(rawBody: string, signature: string, secret: string): Stripe.Event {
  return Stripe.webhooks.constructEvent(rawBody, signature, secret);
}

export type { Stripe };

/** The SDK client, or the sentence that donations are off (an AppError, so a form says it and a route answers 503). */
export function requireStripe(): Stripe {
  const stripe = getStripe();
  if (!stripe) throw new AppError("unavailable", DONATIONS_NOT_CONFIGURED);
  return stripe;
}
