/** The readable cookie that says "someone is signed in" (no secret in it): proxy.ts keeps it in step with the session. */
export const SIGNED_IN_HINT = "attune-signed-in";

/** Whether a path can only mean this site: one leading slash, no second slash or backslash after it (browsers read //x and /\x as another host). */
function isSameSitePath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\");
}

/**
 * A same-site path to go to after sign-in; anything else (other hosts, odd schemes, control characters, backslashes)
 * becomes "/". The normalised path that is returned is itself checked: "/.//evil.example" normalises to "//evil.example".
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || /[\u0000-\u001F\u007F\\]/.test(value) || !isSameSitePath(value)) return "/";
  try {
    const url = new URL(value, "http://localhost");
    const path = `${url.pathname}${url.search}`;
    return url.origin === "http://localhost" && isSameSitePath(path) ? path : "/";
  } catch {
    return "/";
  }
}
