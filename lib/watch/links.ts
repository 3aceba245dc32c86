// Watchlist email links: one-click unsubscribe per email kind (RFC 8058, as the newsletter does) and the manage page.
// The token is an HMAC of (kind, user) under a key derived from AUTH_SECRET, so nothing needs storing and the link
// in every email of that kind keeps working; it only ever turns that one kind of email off.
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "../auth/secret";
import type { WatchEmailKind } from "../db/schema/watch";
import { absoluteUrl } from "../site";

export const WATCHLIST_PATH = "/me/watchlist";

function key(): Buffer {
  const secret = authSecret();
  if (!secret) throw new Error("AUTH_SECRET is required: watchlist unsubscribe links are derived from it.");
  return createHmac("sha256", secret).update("attune/watch/unsubscribe/v1").digest();
}

export function watchUnsubscribeToken(kind: WatchEmailKind, userId: string): string {
  return createHmac("sha256", key()).update(`${kind}\n${userId}`, "utf8").digest("base64url");
}

export function verifyWatchUnsubscribeToken(kind: WatchEmailKind, userId: string, token: string): boolean {
  const expected = Buffer.from(watchUnsubscribeToken(kind, userId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function query(kind: WatchEmailKind, userId: string): string {
  return `kind=${kind}&user=${encodeURIComponent(userId)}&token=${encodeURIComponent(watchUnsubscribeToken(kind, userId))}`;
}

/** What List-Unsubscribe points at: a POST there turns this kind of email off at once. */
export function watchOneClickUrl(kind: WatchEmailKind, userId: string): string {
  return absoluteUrl(`/api/watch/unsubscribe?${query(kind, userId)}`);
}

/** The page a person opens from the link in the email: it asks before changing anything. */
export function watchUnsubscribePageUrl(kind: WatchEmailKind, userId: string): string {
  return absoluteUrl(`/watch/unsubscribe?${query(kind, userId)}`); // app/(site)/watch/unsubscribe
}

export function watchListUnsubscribeHeaders(kind: WatchEmailKind, userId: string): Record<string, string> {
  return { "List-Unsubscribe": `<${watchOneClickUrl(kind, userId)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
