"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { signIn } from "@/lib/auth";
import { getDb } from "@/lib/db/client";
import { emailEnabled } from "@/lib/email";
import { env } from "@/lib/env";
import { fieldErrorsOf, type FormState } from "@/lib/forms";
import { CLIENT_IP_HEADER } from "@/lib/client-address";
import { describeReset, hitRateLimit } from "@/lib/rate-limit";
import { safeNextPath } from "@/lib/auth/paths";

const signInSchema = z.object({
  email: z.email("Enter an email address such as name@example.org.").max(254, "That address is too long.").transform((e) => e.trim().toLowerCase()),
  callbackUrl: z.string().optional(),
});

export async function requestSignInLink(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = { email: String(formData.get("email") ?? "").trim() };
  const parsed = signInSchema.safeParse({ email: values.email, callbackUrl: formData.get("callbackUrl") ?? undefined });
  if (!parsed.success) return { status: "error", fieldErrors: fieldErrorsOf(parsed.error), values };
  if (!emailEnabled()) return { status: "error", message: "Signing in by email is not available: email is not configured on this site.", values };

  const e = env();
  const ip = (await headers()).get(CLIENT_IP_HEADER) ?? "unknown";
  const db = getDb();
  const byIp = await hitRateLimit(db, { key: `signin-ip:${ip}`, limit: e.RATE_LIMIT_SIGNIN_PER_IP_PER_HOUR, windowSeconds: 3600 });
  if (!byIp.allowed) return { status: "error", message: `Too many sign-in requests from your network. Please try again ${describeReset(byIp.resetAt)}.`, values };
  const byEmail = await hitRateLimit(db, { key: `signin:${parsed.data.email}`, limit: e.RATE_LIMIT_SIGNIN_PER_HOUR, windowSeconds: 3600 });
  if (!byEmail.allowed) return { status: "error", message: `We have already sent several sign-in links to that address. Please use the latest one, or try again ${describeReset(byEmail.resetAt)}.`, values };

  const next = safeNextPath(parsed.data.callbackUrl);
  try {
    await signIn("email", { email: parsed.data.email, redirect: false, redirectTo: `/welcome?next=${encodeURIComponent(next)}` });
  } catch (error) {
    console.error("Sign-in email failed:", error);
    return { status: "error", message: "We could not send the email just now. Please try again in a few minutes.", values };
  }
  // The same answer for every address, known or not.
  return { status: "success", message: `If ${parsed.data.email} can receive email, a sign-in link is on its way. It works once, for 15 minutes.`, values };
}
