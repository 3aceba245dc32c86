// The security headers of every response, Content-Security-Policy included. They are set at runtime
// (lib/startup.ts) rather than in next.config.ts, whose headers() is frozen at build time while
// IMAGE_HOSTS and the Stripe settings are read when the server starts.
import type http from "node:http";
import { env, type Env } from "./env";

export type SecurityHeader = { key: string; value: string };

export type SecurityHeadersEnv = Pick<Env, "NODE_ENV" | "SITE_URL" | "IMAGE_HOSTS" | "STRIPE_API_HOST" | "STRIPE_API_PORT" | "STRIPE_API_PROTOCOL">;

// Donation forms post to a server action that redirects to Checkout, or to the billing portal for a monthly gift.
export const STRIPE_FORM_ORIGINS = ["https://checkout.stripe.com", "https://billing.stripe.com"] as const;

/**
 * The origin of the local fake Stripe the SDK is pointed at (STRIPE_API_HOST/PORT/PROTOCOL), whose checkout
 * and portal pages live on the same origin as its API; undefined when the SDK talks to Stripe itself.
 */
export function stripeFakeOrigin(e: SecurityHeadersEnv): string | undefined {
  if (!e.STRIPE_API_HOST) return undefined;
  try {
    const origin = new URL(`${e.STRIPE_API_PROTOCOL ?? "https"}://${e.STRIPE_API_HOST}${e.STRIPE_API_PORT ? `:${e.STRIPE_API_PORT}` : ""}`).origin;
    // Only a plain origin may go into the policy: a stray ";" or space would start another directive.
    return /^https?:\/\/[a-z0-9.\-[\]:]+$/.test(origin) ? origin : undefined;
  } catch {
    return undefined;
  }
}

/** The Content-Security-Policy, the same for every page and every reader so that cached pages can carry it. */
export function contentSecurityPolicy(e: SecurityHeadersEnv): string {
  const fake = stripeFakeOrigin(e);
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // Next writes per-page inline scripts (no nonces, so pages stay cacheable); React's dev tooling needs eval.
    ["script-src", "'self'", "'unsafe-inline'", ...(e.NODE_ENV === "development" ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", ...e.IMAGE_HOSTS.map((host) => `https://${host}`)],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["frame-ancestors", "'none'"],
    ["form-action", "'self'", ...STRIPE_FORM_ORIGINS, ...(fake ? [fake] : [])],
  ];
  if (new URL(e.SITE_URL).protocol === "https:") directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

/** Every security header, in the order they are sent. */
export function buildSecurityHeaders(e: SecurityHeadersEnv): SecurityHeader[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(e) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  ];
}

let cached: { source: Env; headers: SecurityHeader[] } | undefined;

/** Sets the security headers on a response before Next handles it (pages, cached pages, static files, 404s). */
export function applySecurityHeaders(res: http.ServerResponse): void {
  const e = env();
  if (cached?.source !== e) cached = { source: e, headers: buildSecurityHeaders(e) };
  for (const { key, value } of cached.headers) res.setHeader(key, value);
}
