// Coarse, cookie-only checks (Next 16's successor to middleware.ts). The real authorization
// happens in each server action and route handler, beside the data.
import { NextResponse, type NextRequest } from "next/server";
import { SIGNED_IN_HINT } from "./lib/auth/paths";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const PRIVATE_PREFIXES = ["/me", "/moderation", "/admin", "/contribute"];

export async function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  const { pathname, search } = request.nextUrl;
  if (!hasSession && (PRIVATE_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`)) || /^\/wiki\/[^/]+\/edit$/.test(pathname))) {
    const url = request.nextUrl.clone();
    url.pathname = "/signin";
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  const response = NextResponse.next();
  // A readable hint (no secret in it) so the account menu asks /api/me only when someone is signed in.
  const hasHint = request.cookies.has(SIGNED_IN_HINT);
  if (hasSession && !hasHint) response.cookies.set(SIGNED_IN_HINT, "1", { path: "/", sameSite: "lax", maxAge: 30 * 24 * 3600 });
  if (!hasSession && hasHint) response.cookies.delete(SIGNED_IN_HINT);
  return response;
}

// Literals only: Next reads this config at build time and ignores anything computed.
export const config = {
  matcher: [
    // Private pages: signed-out visitors are sent to sign in.
    "/me/:path*",
    "/moderation/:path*",
    "/admin/:path*",
    "/contribute/:path*",
    "/wiki/:slug/edit",
    // Elsewhere the proxy only keeps the hint in step with the session, so it runs only for requests that
    // carry one of the two cookies: an anonymous reader's request (nearly all traffic) skips it entirely.
    // No proxy work on static files either.
    { source: "/((?!_next/|figures/|favicon|api/health|robots.txt|sitemap.xml|feed.xml).*)", has: [{ type: "cookie", key: "authjs.session-token" }] },
    { source: "/((?!_next/|figures/|favicon|api/health|robots.txt|sitemap.xml|feed.xml).*)", has: [{ type: "cookie", key: "__Secure-authjs.session-token" }] },
    { source: "/((?!_next/|figures/|favicon|api/health|robots.txt|sitemap.xml|feed.xml).*)", has: [{ type: "cookie", key: "attune-signed-in" }] },
  ],
};
