"use server";

import { headers } from "next/headers";
import { after } from "next/server";
import { z } from "zod";
import { formAction } from "@/lib/actions";
import { CLIENT_IP_HEADER } from "@/lib/client-address";
import { getDb } from "@/lib/db/client";
import { emailEnabled } from "@/lib/email";
import { AppError } from "@/lib/errors";
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

/** Sign-up from the footer, an article's sidebar or /newsletter. The answer never says whether the address was known. */
export const subscribe = formAction({
  schema: z.object({ email: subscriberEmailSchema, source: z.enum(SIGNUP_SOURCES).catch("page") }),
  keep: ["email"],
  invalidMessage: null,
  run: async ({ email, source }) => {
    if (!emailEnabled()) throw new AppError("unavailable", "Sign-up is not available right now: email is not configured on this site.");
    const clientAddress = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
    const { email: stored, confirmation } = await requestSubscription(getDb(), { email, source, clientAddress });
    // Sent after the answer, so that known and unknown addresses take the same time to answer.
    if (confirmation) {
      after(async () => {
        const sent = await sendConfirmationEmail(confirmation.email, confirmation.token);
        if (!sent.ok) console.error(`Newsletter confirmation email failed: ${sent.message}`);
      });
    }
    return { status: "success", message: subscribeAnswer(stored), values: { email: "" } };
  },
});

/** The token from an email's link; the sentence says where to find the link again. */
const tokenForm = (missing: string) => z.object({ token: z.string({ error: missing }).trim().min(1, missing) });
const EMAIL_LINK = "This link is incomplete. Use the link from one of our emails.";

/** The Confirm button on the page the confirmation email links to (a GET of that page changes nothing). */
export const confirm = formAction({
  schema: tokenForm("This link is incomplete. Open it again from your email."),
  invalidMessage: "This link is incomplete. Open it again from your email.",
  run: async ({ token }) => {
    const result = await confirmSubscription(getDb(), token);
    switch (result.status) {
      case "confirmed":
        after(async () => {
          const sent = await sendWelcomeEmail(result.email);
          if (!sent.ok) console.error(`Newsletter welcome email failed: ${sent.message}`);
        });
        return { message: "You are subscribed. A welcome email is on its way, and the next issue will follow." };
      case "expired":
        throw new AppError("conflict", "This confirmation link has expired: links work for 48 hours. Sign up again and we will send a new one.");
      case "invalid":
        throw new AppError(
          "not_found",
          "This confirmation link is not valid any more. If you already confirmed, you are subscribed; if not, sign up again for a new link.",
        );
    }
  },
});

export const unsubscribe = formAction({
  schema: tokenForm(EMAIL_LINK),
  invalidMessage: EMAIL_LINK,
  run: async ({ token }) => {
    const result = await unsubscribeByToken(getDb(), token);
    if (result.status === "invalid") throw new AppError("not_found", "This unsubscribe link is not valid. The address may already have been erased.");
    return { message: "You are unsubscribed. We will not send you any more issues." };
  },
});

export const erase = formAction({
  schema: tokenForm(EMAIL_LINK),
  invalidMessage: EMAIL_LINK,
  run: async ({ token }) => {
    const result = await eraseByToken(getDb(), token);
    if (result.status === "invalid") throw new AppError("not_found", "We could not find an address for this link: it may already have been erased.");
    return { message: "Your address has been erased from our list. You can always sign up again." };
  },
});
