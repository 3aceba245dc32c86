// Subscribing, confirming (double opt-in), unsubscribing and erasing. Every answer a visitor sees is the same
// whether or not an address is already on the list.
import "server-only";
import { and, count, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { subscribers, type SubscriberStatus } from "../db/schema";
import { send, type SendResult } from "../email";
import { renderEmail } from "../email/templates";
import { env } from "../env";
import { AppError } from "../errors";
import { escapeHtml } from "../html";
import { describeReset, hitRateLimit } from "../rate-limit";
import { absoluteUrl } from "../site";
import { normaliseEmail } from "./address";
import { NEWSLETTER_PHRASE } from "./pitch";
import { confirmUrl } from "./links";
import { newsletterEmail } from "./render";
import { CONFIRM_TOKEN_TTL_MS, hashToken, isWellFormedToken, newRandomToken, unsubscribeTokenFor } from "./tokens";

export const SIGNUP_SOURCES = ["footer", "article", "page"] as const;
export type SignupSource = (typeof SIGNUP_SOURCES)[number];

export type SubscribeInput = { email: string; source: SignupSource; clientAddress: string };

export type Subscribed = {
  /** The address as stored. */
  email: string;
  /** Set when a confirmation email should go out: send it after answering. */
  confirmation?: { email: string; token: string };
};

/** The one answer to every accepted sign-up, whatever the address's state. */
export function subscribeAnswer(email: string): string {
  return `Thank you. If ${email} can receive email, a message with a link to confirm your subscription is on its way. Nothing is sent to you until you confirm.`;
}

/**
 * Records a sign-up. A new or unsubscribed address becomes pending with a fresh confirmation token; a pending
 * one gets a fresh token; a confirmed or suppressed one is left alone. The caller answers the same in every case.
 * Refuses (AppError) an address that is not one and too many sign-ups from one network.
 */
export async function requestSubscription(db: Db, input: SubscribeInput, now: Date = new Date()): Promise<Subscribed> {
  const email = normaliseEmail(input.email);
  if (!email) {
    const message = "Enter an email address such as name@example.org.";
    throw new AppError("bad_request", message, { email: message });
  }
  const e = env();
  const byIp = await hitRateLimit(db, { key: `subscribe-ip:${input.clientAddress}`, limit: e.RATE_LIMIT_SUBSCRIBE_PER_HOUR, windowSeconds: 3600 }, now);
  if (!byIp.allowed) throw new AppError("rate_limited", `Too many sign-ups from your network. Please try again ${describeReset(byIp.resetAt, now)}.`);
  // Per address too, so nobody can fill a stranger's inbox from many networks; refused silently (same answer).
  const byAddress = await hitRateLimit(db, { key: `subscribe-email:${email}`, limit: e.RATE_LIMIT_SUBSCRIBE_PER_HOUR, windowSeconds: 3600 }, now);
  if (!byAddress.allowed) return { email };

  const token = newRandomToken();
  const fresh = { confirmTokenHash: hashToken(token), confirmTokenExpiresAt: new Date(now.getTime() + CONFIRM_TOKEN_TTL_MS) };
  const inserted = await db
    .insert(subscribers)
    .values({ email, status: "pending", ...fresh, unsubscribeTokenHash: hashToken(unsubscribeTokenFor(email)), source: input.source, createdAt: now })
    .onConflictDoNothing({ target: subscribers.email })
    .returning({ id: subscribers.id });
  if (inserted.length > 0) return { email, confirmation: { email, token } };

  // Already known: only pending and unsubscribed addresses are (re)asked to confirm.
  const renewable: SubscriberStatus[] = ["pending", "unsubscribed"];
  const renewed = await db
    .update(subscribers)
    .set({ status: "pending", ...fresh, unsubscribeTokenHash: hashToken(unsubscribeTokenFor(email)), unsubscribedAt: null })
    .where(and(eq(subscribers.email, email), inArray(subscribers.status, renewable)))
    .returning({ id: subscribers.id });
  return renewed.length > 0 ? { email, confirmation: { email, token } } : { email };
}

export async function sendConfirmationEmail(email: string, token: string): Promise<SendResult> {
  const name = env().SITE_NAME;
  const { html, text } = await renderEmail({
    heading: `Confirm your subscription to ${name}`,
    paragraphs: [
      `Someone, probably you, asked to receive the ${name} newsletter at this address: ${NEWSLETTER_PHRASE}.`,
      "To start receiving it, open the link below and press the Confirm button. The link works for 48 hours.",
    ],
    button: { label: "Confirm my subscription", url: confirmUrl(token) },
    footer: ["If you did not ask for this, ignore this email: you will not be subscribed and we will not write again."],
  });
  return send({ to: email, subject: `Confirm your subscription to ${name}`, html, text, tag: "newsletter-confirm" });
}

export type ConfirmResult = { status: "confirmed"; email: string } | { status: "expired" } | { status: "invalid" };

/** The Confirm button: a pending subscriber with this unexpired token becomes confirmed; the token is used up. */
export async function confirmSubscription(db: Db, token: string, now: Date = new Date()): Promise<ConfirmResult> {
  if (!isWellFormedToken(token)) return { status: "invalid" };
  const hash = hashToken(token);
  const [row] = await db
    .update(subscribers)
    .set({ status: "confirmed", confirmedAt: now, confirmTokenHash: null, confirmTokenExpiresAt: null })
    .where(and(eq(subscribers.confirmTokenHash, hash), eq(subscribers.status, "pending"), gt(subscribers.confirmTokenExpiresAt, now)))
    .returning({ email: subscribers.email });
  if (row) return { status: "confirmed", email: row.email };
  const [stale] = await db.select({ id: subscribers.id }).from(subscribers).where(eq(subscribers.confirmTokenHash, hash)).limit(1);
  return stale ? { status: "expired" } : { status: "invalid" };
}

export async function sendWelcomeEmail(email: string): Promise<SendResult> {
  const name = env().SITE_NAME;
  const paragraphs = [
    "Thank you for confirming. You will now receive the newsletter: practical notes on writing a dating-app bio that sounds like you, and pointers to the encyclopedia's articles on how relationships start, stall and grow.",
    "We write when there is something worth reading, not on a schedule, and we never share your address.",
  ];
  const archive = absoluteUrl("/newsletter/archive");
  return send(
    await newsletterEmail({
      to: email,
      subject: `Welcome to the ${name} newsletter`,
      heading: `Welcome to the ${name} newsletter`,
      bodyHtml: `${paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("")}<p style="margin:0 0 16px">Past issues are in the <a href="${escapeHtml(archive)}" style="color:#1f5a85">archive</a>.</p>`,
      bodyText: [...paragraphs, `Past issues: ${archive}`].join("\n\n"),
      unsubscribeToken: unsubscribeTokenFor(email),
      tag: "newsletter-welcome",
    }),
  );
}

export type UnsubscribeResult = { status: "unsubscribed" | "already" } | { status: "invalid" };

/** Unsubscribes the address this token belongs to. Suppressed addresses stay suppressed. */
export async function unsubscribeByToken(db: Db, token: string, now: Date = new Date()): Promise<UnsubscribeResult> {
  if (!isWellFormedToken(token)) return { status: "invalid" };
  const hash = hashToken(token);
  const changed = await db
    .update(subscribers)
    .set({ status: "unsubscribed", unsubscribedAt: now, confirmTokenHash: null, confirmTokenExpiresAt: null })
    .where(and(eq(subscribers.unsubscribeTokenHash, hash), inArray(subscribers.status, ["pending", "confirmed"])))
    .returning({ id: subscribers.id });
  if (changed.length > 0) return { status: "unsubscribed" };
  const [known] = await db.select({ id: subscribers.id }).from(subscribers).where(eq(subscribers.unsubscribeTokenHash, hash)).limit(1);
  return known ? { status: "already" } : { status: "invalid" };
}

/** Deletes the address entirely. Past deliveries stay, counted but no longer linked to anyone. */
export async function eraseByToken(db: Db, token: string): Promise<{ status: "erased" | "invalid" }> {
  if (!isWellFormedToken(token)) return { status: "invalid" };
  const deleted = await db
    .delete(subscribers)
    .where(eq(subscribers.unsubscribeTokenHash, hashToken(token)))
    .returning({ id: subscribers.id });
  return { status: deleted.length > 0 ? "erased" : "invalid" };
}

export type SubscriberCounts = Record<SubscriberStatus, number>;

/** Real counts by status, straight from the table. */
export async function subscriberCounts(db: Db): Promise<SubscriberCounts> {
  const rows = await db.select({ status: subscribers.status, n: count() }).from(subscribers).groupBy(subscribers.status);
  const out: SubscriberCounts = { pending: 0, confirmed: 0, unsubscribed: 0, suppressed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** Marks addresses as never to be mailed again (bounces, complaints). */
export async function suppressAddresses(db: Db | Tx, emails: string[], reason: string, now: Date = new Date()): Promise<number> {
  const normalised = [...new Set(emails.map((e) => normaliseEmail(e)).filter((e): e is string => Boolean(e)))];
  if (normalised.length === 0) return 0;
  const rows = await db
    .update(subscribers)
    .set({ status: "suppressed", suppressedAt: now, suppressedReason: reason, confirmTokenHash: null, confirmTokenExpiresAt: null })
    .where(and(inArray(subscribers.email, normalised), sql`${subscribers.status} <> 'suppressed'`))
    .returning({ id: subscribers.id });
  return rows.length;
}
