"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { formAction } from "@/lib/actions";
import { CLIENT_IP_HEADER } from "@/lib/client-address";
import { getDb } from "@/lib/db/client";
import { resolveDonationAmount } from "@/lib/donations/amounts";
import { startDonationCheckout } from "@/lib/donations/checkout";
import { billingPortalUrl, stopMonthlyDonation, verifyManageToken } from "@/lib/donations/manage";
import { donationSettings, requireStripe } from "@/lib/donations/stripe";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { describeReset, hitRateLimit } from "@/lib/rate-limit";

const donationSchema = z.object({
  amount: z.string().max(20, "Choose one of the amounts, or enter your own.").default(""),
  customAmount: z.string().max(30, "Enter the amount as a number, such as 25 or 12.50.").default(""),
  interval: z.enum(["one_time", "monthly"], { error: "Choose whether to give once or every month." }),
  currency: z.string().trim().toLowerCase().max(3, "Choose one of the currencies offered.").default(""),
});

/** The donation form: the server decides the amount, opens Stripe Checkout and sends the browser there. */
export const startDonation = formAction({
  schema: donationSchema,
  keep: ["amount", "customAmount", "interval", "currency"],
  invalidMessage: "Please check the highlighted field.",
  run: async ({ amount, customAmount, currency, interval }) => {
    const stripe = requireStripe();
    const resolved = resolveDonationAmount({ preset: amount, custom: customAmount, currency }, donationSettings());
    if (!resolved.ok) throw new AppError("bad_request", resolved.message, { [resolved.field]: resolved.message });
    // Each attempt opens a Stripe session and a pending row; this stops a script from filling either.
    const ip = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
    const limit = await hitRateLimit(getDb(), { key: `donate-ip:${ip}`, limit: env().RATE_LIMIT_DONATE_PER_HOUR, windowSeconds: 3600 });
    if (!limit.allowed) throw new AppError("rate_limited", `Too many payment attempts from your network. Please try again ${describeReset(limit.resetAt)}.`);
    const { url } = await startDonationCheckout(stripe, { amount: resolved.amount, currency: resolved.currency, interval });
    return { redirectTo: url };
  },
});

/** The link in a receipt is the proof: its token names the gift. */
const manageSchema = z.object({
  token: z
    .string()
    .max(80)
    .transform((token, ctx) => {
      const donationId = verifyManageToken(token);
      if (donationId === null) {
        ctx.addIssue({ code: "custom", message: INVALID_LINK });
        return z.NEVER;
      }
      return { token, donationId };
    }),
});
const INVALID_LINK = "This link is not valid. Please use the link in your latest receipt.";

/** "Stop my monthly gift", from the link in a receipt. */
export const stopMonthlyGift = formAction({
  schema: manageSchema,
  invalidMessage: INVALID_LINK,
  run: async ({ token: found }) => {
    await stopMonthlyDonation(requireStripe(), found.donationId);
    return { redirectTo: `/donate/manage/${found.token}?stopped=1` };
  },
});

/** Opens Stripe's customer portal (update the card, see past payments) for the gift behind the link. */
export const openBillingPortal = formAction({
  schema: manageSchema,
  invalidMessage: INVALID_LINK,
  run: async ({ token: found }) => ({ redirectTo: await billingPortalUrl(requireStripe(), found.donationId, `/donate/manage/${found.token}`) }),
});
