"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { resolveDonationAmount } from "@/lib/donations/amounts";
import { CheckoutError, startDonationCheckout } from "@/lib/donations/checkout";
import { billingPortalUrl, ManageError, stopMonthlyDonation, verifyManageToken } from "@/lib/donations/manage";
import { DONATIONS_NOT_CONFIGURED, donationSettings, getStripe } from "@/lib/donations/stripe";
import { fieldErrorsOf, formValues, type FormState } from "@/lib/forms";
import { env } from "@/lib/env";
import { CLIENT_IP_HEADER } from "@/lib/client-address";
import { describeReset, hitRateLimit } from "@/lib/rate-limit";

// Each attempt opens a Stripe session and a pending row; this stops a script from filling either.

const donationSchema = z.object({
  amount: z.string().max(20, "Choose one of the amounts, or enter your own."),
  customAmount: z.string().max(30, "Enter the amount as a number, such as 25 or 12.50."),
  interval: z.enum(["one_time", "monthly"], { error: "Choose whether to give once or every month." }),
  currency: z.string().trim().toLowerCase().max(3, "Choose one of the currencies offered."),
});

/** The donation form: the server decides the amount, opens Stripe Checkout and sends the browser there. */
export async function startDonation(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["amount", "customAmount", "interval", "currency"]);
  const stripe = getStripe();
  if (!stripe) return { status: "error", message: DONATIONS_NOT_CONFIGURED, values };
  const parsed = donationSchema.safeParse(values);
  if (!parsed.success) return { status: "error", message: "Please check the highlighted field.", fieldErrors: fieldErrorsOf(parsed.error), values };
  const resolved = resolveDonationAmount({ preset: parsed.data.amount, custom: parsed.data.customAmount, currency: parsed.data.currency }, donationSettings());
  if (!resolved.ok) return { status: "error", message: resolved.message, fieldErrors: { [resolved.field]: resolved.message }, values };

  const ip = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
  const limit = await hitRateLimit(getDb(), { key: `donate-ip:${ip}`, limit: env().RATE_LIMIT_DONATE_PER_HOUR, windowSeconds: 3600 });
  if (!limit.allowed) return { status: "error", message: `Too many payment attempts from your network. Please try again ${describeReset(limit.resetAt)}.`, values };

  let url: string;
  try {
    ({ url } = await startDonationCheckout(stripe, { amount: resolved.amount, currency: resolved.currency, interval: parsed.data.interval }));
  } catch (error) {
    console.error("Starting a donation failed:", error);
    const message = error instanceof CheckoutError ? error.message : "We could not start the payment just now. Nothing was charged. Please try again in a minute.";
    return { status: "error", message, values };
  }
  redirect(url);
}

const tokenSchema = z.object({ token: z.string().min(1).max(80) });

function donationFromToken(formData: FormData): { token: string; donationId: number } | null {
  const parsed = tokenSchema.safeParse({ token: formData.get("token") });
  const donationId = parsed.success ? verifyManageToken(parsed.data.token) : null;
  return parsed.success && donationId !== null ? { token: parsed.data.token, donationId } : null;
}

/** "Stop my monthly gift", from the link in a receipt: the link itself is the proof. */
export async function stopMonthlyGift(_prev: FormState, formData: FormData): Promise<FormState> {
  const found = donationFromToken(formData);
  if (!found) return { status: "error", message: "This link is not valid. Please use the link in your latest receipt." };
  const stripe = getStripe();
  if (!stripe) return { status: "error", message: DONATIONS_NOT_CONFIGURED };
  try {
    await stopMonthlyDonation(stripe, found.donationId);
  } catch (error) {
    console.error("Stopping a monthly gift failed:", error);
    return { status: "error", message: error instanceof ManageError ? error.message : "We could not stop your gift just now. Nothing has changed; please try again in a minute." };
  }
  redirect(`/donate/manage/${found.token}?stopped=1`);
}

/** Opens Stripe's customer portal (update the card, see past payments) for the gift behind the link. */
export async function openBillingPortal(_prev: FormState, formData: FormData): Promise<FormState> {
  const found = donationFromToken(formData);
  if (!found) return { status: "error", message: "This link is not valid. Please use the link in your latest receipt." };
  const stripe = getStripe();
  if (!stripe) return { status: "error", message: DONATIONS_NOT_CONFIGURED };
  let url: string;
  try {
    url = await billingPortalUrl(stripe, found.donationId, `/donate/manage/${found.token}`);
  } catch (error) {
    console.error("Opening the billing portal failed:", error);
    return { status: "error", message: error instanceof ManageError ? error.message : "The billing page is not available just now. Please try again in a minute." };
  }
  redirect(url);
}
