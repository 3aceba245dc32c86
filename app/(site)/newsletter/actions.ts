"use server";

import { headers } from "next/headers";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { emailEnabled } from "@/lib/email";
import { fieldErrorsOf, formValues, type FormState } from "@/lib/forms";
import { subscriberEmailSchema } from "@/lib/newsletter/address";
import {
  confirmSubscription,
  eraseByToken,
  requestSubscription,
  sendConfirmationEmail,
  sendWelcomeEmail,
  SIGNUP_SOURCES,
  subscribeAnswer,
  unsubscribeByToken,
} from "@/lib/newsletter/subscribers";
import { CLIENT_IP_HEADER } from "@/lib/client-address";

const subscribeSchema = z.object({
  email: subscriberEmailSchema,
  source: z.enum(SIGNUP_SOURCES).catch("page"),
});

/** Sign-up from the footer, an article's sidebar or /newsletter. The answer never says whether the address was known. */
export async function subscribe(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email"]);
  const parsed = subscribeSchema.safeParse({ email: values.email, source: formData.get("source") });
  if (!parsed.success) return { status: "error", fieldErrors: fieldErrorsOf(parsed.error), values };
  if (!emailEnabled()) return { status: "error", message: "Sign-up is not available right now: email is not configured on this site.", values };

  const clientAddress = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
  const result = await requestSubscription(getDb(), { email: parsed.data.email, source: parsed.data.source, clientAddress });
  if (!result.ok) return result.field ? { status: "error", fieldErrors: { [result.field]: result.message }, values } : { status: "error", message: result.message, values };

  const confirmation = result.confirmation;
  // Sent after the answer, so that known and unknown addresses take the same time to answer.
  if (confirmation) {
    after(async () => {
      const sent = await sendConfirmationEmail(confirmation.email, confirmation.token);
      if (!sent.ok) console.error(`Newsletter confirmation email failed: ${sent.message}`);
    });
  }
  return { status: "success", message: subscribeAnswer(result.email), values: { email: "" } };
}

const tokenSchema = z.object({ token: z.string().trim().min(1, "This link is incomplete.") });

function tokenFrom(formData: FormData): string | null {
  const parsed = tokenSchema.safeParse({ token: formData.get("token") ?? "" });
  return parsed.success ? parsed.data.token : null;
}

/** The Confirm button on the page the confirmation email links to (a GET of that page changes nothing). */
export async function confirm(_prev: FormState, formData: FormData): Promise<FormState> {
  const token = tokenFrom(formData);
  if (!token) return { status: "error", message: "This link is incomplete. Open it again from your email." };
  const result = await confirmSubscription(getDb(), token);
  switch (result.status) {
    case "confirmed":
      after(async () => {
        const sent = await sendWelcomeEmail(result.email);
        if (!sent.ok) console.error(`Newsletter welcome email failed: ${sent.message}`);
      });
      return { status: "success", message: "You are subscribed. A welcome email is on its way, and the next issue will follow." };
    case "expired":
      return { status: "error", message: "This confirmation link has expired: links work for 48 hours. Sign up again and we will send a new one." };
    case "invalid":
      return { status: "error", message: "This confirmation link is not valid any more. If you already confirmed, you are subscribed; if not, sign up again for a new link." };
  }
}

export async function unsubscribe(_prev: FormState, formData: FormData): Promise<FormState> {
  const token = tokenFrom(formData);
  if (!token) return { status: "error", message: "This link is incomplete. Use the link from one of our emails." };
  const result = await unsubscribeByToken(getDb(), token);
  if (result.status === "invalid") return { status: "error", message: "This unsubscribe link is not valid. The address may already have been erased." };
  return { status: "success", message: "You are unsubscribed. We will not send you any more issues." };
}

export async function erase(_prev: FormState, formData: FormData): Promise<FormState> {
  const token = tokenFrom(formData);
  if (!token) return { status: "error", message: "This link is incomplete. Use the link from one of our emails." };
  const result = await eraseByToken(getDb(), token);
  if (result.status === "invalid") return { status: "error", message: "We could not find an address for this link: it may already have been erased." };
  return { status: "success", message: "Your address has been erased from our list. You can always sign up again." };
}
