import { SIGNED_IN_HINT } from "@/lib/auth/paths";

/**
 * Asks /api/me (per user, never cached) after load, so public pages stay the same for everyone. Without the sign-in
 * hint cookie it makes no request and answers `null` at once; otherwise the answer, or nothing when the request fails.
 * Returns the cancel function for an effect's clean-up.
 */
export function askMe<T>(query: string, onAnswer: (answer: T | null) => void): () => void {
  let cancelled = false;
  if (!document.cookie.split("; ").some((c) => c.startsWith(`${SIGNED_IN_HINT}=`))) {
    // Set after mount (a microtask), so server and client render alike.
    queueMicrotask(() => !cancelled && onAnswer(null));
  } else {
    fetch(`/api/me${query}`, { cache: "no-store" })
      .then((r) => (r.ok ? (r.json() as Promise<T>) : undefined))
      .then((answer) => {
        if (!cancelled && answer) onAnswer(answer);
      })
      .catch(() => {});
  }
  return () => {
    cancelled = true;
  };
}
