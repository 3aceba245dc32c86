"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { formAction } from "@/lib/actions";
import { signIn } from "@/lib/auth";
import { safeNextPath } from "@/lib/auth/paths";
import { CLIENT_IP_HEADER } from "@/lib/client-address";
import { getDb } from "@/lib/db/client";
import { emailEnabled } from "@/lib/email";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { describeReset, hitRateLimit } from "@/lib/rate-limit";

const signInSchema = z.object({
  email: z
    .string({ error: "Enter an email address such as name@example.org." })
    .trim()
    .pipe(z.email("Enter an email address such as name@example.org.").max(254, "That address is too long."))
    .transform((e) => e.toLowerCase()),
  callbackUrl: z.string().optional(),
});

export const requestSignInLink = formAction({
  schema: signInSchema,
  keep: ["email"],
  invalidMessage: null, // the address's own message says it
  run: async ({ email, callbackUrl }) => {
    if (!emailEnabled()) throw new AppError("unavailable", "Signing in by email is not available: email is not configured on this site.");
    const e = env();
    const ip = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
    const db = getDb();
    const byIp = await hitRateLimit(db, { key: `signin-ip:${ip}`, limit: e.RATE_LIMIT_SIGNIN_PER_IP_PER_HOUR, windowSeconds: 3600 });
    if (!byIp.allowed) throw new AppError("rate_limited", `Too many sign-in requests from your network. Please try again ${describeReset(byIp.resetAt)}.`);
    const byEmail = await hitRateLimit(db, { key: `signin:${email}`, limit: e.RATE_LIMIT_SIGNIN_PER_HOUR, windowSeconds: 3600 });
    if (!byEmail.allowed)
      throw new AppError(
        "rate_limited",
        `We have already sent several sign-in links to that address. Please use the latest one, or try again ${describeReset(byEmail.resetAt)}.`,
      );
    try {
      await signIn("email", { email, redirect: false, redirectTo: `/welcome?next=${encodeURIComponent(safeNextPath(callbackUrl))}` });
    } catch (error) {
      console.error("Sign-in email failed:", error);
      throw new AppError("unavailable", "We could not send the email just now. Please try again in a few minutes.", {}, { cause: error });
    }
    // The same answer for every address, known or not.
    return { status: "success", message: `If ${email} can receive email, a sign-in link is on its way. It works once, for 15 minutes.`, values: { email } };
  },
});
