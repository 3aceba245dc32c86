import "server-only";
import type { EmailProviderSendVerificationRequestParams } from "next-auth/providers/email";
import { getDb } from "../db/client";
import { send } from "../email";
import { renderEmail } from "../email/templates";
import { env } from "../env";
import { CLIENT_IP_HEADER } from "../client-address";
import { safeNextPath } from "./paths";
import { hitRateLimit } from "../rate-limit";

/**
 * The link in the email opens /signin/confirm, a page whose button completes sign-in, so that a mail
 * scanner following links cannot use up the single-use token. Built on SITE_URL, never the Host header.
 */
export function confirmLinkFor(callbackUrl: string, siteUrl: string): string {
  const params = new URL(callbackUrl).searchParams;
  const confirm = new URL("/signin/confirm", siteUrl);
  confirm.searchParams.set("token", params.get("token") ?? "");
  confirm.searchParams.set("email", params.get("email") ?? "");
  // Only a path on this site: never send someone elsewhere after sign-in.
  const next = new URL(params.get("callbackUrl") ?? "/", siteUrl);
  confirm.searchParams.set("callbackUrl", safeNextPath(`${next.pathname}${next.search}`));
  return confirm.toString();
}

export async function sendSignInEmail(params: EmailProviderSendVerificationRequestParams): Promise<void> {
  const e = env();
  // Every path that sends a sign-in email comes through here (our form, and direct POSTs to Auth.js that skip it),
  // so the per-address and per-client limits are applied here, counting emails actually sent.
  const client = params.request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
  const byClient = await hitRateLimit(getDb(), { key: `signin-send-ip:${client}`, limit: e.RATE_LIMIT_SIGNIN_PER_IP_PER_HOUR, windowSeconds: 3600 });
  if (!byClient.allowed) return;
  const limit = await hitRateLimit(getDb(), { key: `signin-send:${params.identifier}`, limit: e.RATE_LIMIT_SIGNIN_PER_HOUR, windowSeconds: 3600 });
  if (!limit.allowed) return;
  const link = confirmLinkFor(params.url, e.SITE_URL);
  const { html, text } = await renderEmail({
    heading: "Your sign-in link",
    paragraphs: [
      "Use the button below to sign in to Attune. The link works once and expires in 15 minutes.",
      "If you did not ask to sign in, you can ignore this email: nothing happens without the button.",
    ],
    button: { label: "Sign in to Attune", url: link },
    footer: ["You received this because someone entered this address on Attune's sign-in page."],
  });
  const result = await send({ to: params.identifier, subject: "Sign in to Attune", html, text, tag: "signin" });
  if (!result.ok)
    throw new Error(result.reason === "disabled" ? "Email is not configured on this site." : `The sign-in email could not be sent: ${result.message}`);
}
