// Newsletter tokens. Only SHA-256 hashes are stored, so a copy of the database cannot confirm or unsubscribe anyone.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { authSecret } from "../auth/secret";

/** How long a confirmation link works. */
export const CONFIRM_TOKEN_TTL_MS = 48 * 60 * 60 * 1000;

/** 32 random bytes, base64url: what a confirmation link carries. */
export function newRandomToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Our tokens are 32 bytes in base64url (43 characters); anything else is not worth a database lookup. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}

function unsubscribeKey(): Buffer {
  const secret = authSecret();
  if (!secret) throw new Error("AUTH_SECRET is required: newsletter unsubscribe links are derived from it.");
  return createHmac("sha256", secret).update("attune/newsletter/unsubscribe/v1").digest();
}

/**
 * The personal unsubscribe token of an address: an HMAC of the address under a key derived from AUTH_SECRET,
 * 32 bytes in base64url. Unlike the random confirmation token it can be computed again at send time, so every
 * issue (and a resumed send, which must repeat its request byte for byte) carries a working link while the
 * database still holds only its hash. Changing AUTH_SECRET retires the links in emails already sent.
 */
export function unsubscribeTokenFor(email: string): string {
  return createHmac("sha256", unsubscribeKey()).update(email, "utf8").digest("base64url");
}
