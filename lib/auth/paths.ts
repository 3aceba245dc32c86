/** The readable cookie that says "someone is signed in" (no secret in it): proxy.ts keeps it in step with the session. */
export const SIGNED_IN_HINT = "attune-signed-in";

/** A same-site path to go to after sign-in; anything else (other hosts, odd schemes) becomes "/". */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  try {
    const url = new URL(value, "http://localhost");
    return url.origin === "http://localhost" ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}
