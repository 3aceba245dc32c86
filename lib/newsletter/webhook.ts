// Resend webhooks: verify the svix signature with the official SDK, then apply each event exactly once.
// Bounces and complaints suppress the address for good; a replayed event (same svix-id) changes nothing.
import "server-only";
import { Resend, type WebhookEventPayload } from "resend";
import type { Db } from "../db/client";
import { resendEvents } from "../db/schema";
import { env } from "../env";
import { AppError } from "../errors";
import { suppressAddresses } from "./subscribers";

export type SvixHeaders = { id: string | null; timestamp: string | null; signature: string | null };

/** The verified event and its svix-id, or an AppError (bad_request). Verification needs no API call, so the key may be a placeholder. */
export function verifyResendWebhook(payload: string, headers: SvixHeaders, secret: string): { id: string; event: WebhookEventPayload } {
  if (!headers.id || !headers.timestamp || !headers.signature) throw new AppError("bad_request", "Missing svix-id, svix-timestamp or svix-signature header.");
  try {
    const client = new Resend(env().RESEND_API_KEY ?? "re_verification_only");
    return {
      id: headers.id,
      event: client.webhooks.verify({
        payload,
        headers: { id: headers.id, timestamp: headers.timestamp, signature: headers.signature },
        webhookSecret: secret,
      }),
    };
  } catch (error) {
    throw new AppError("bad_request", "The signature does not match this body.", {}, { cause: error });
  }
}

export type ApplyResult = { applied: boolean; duplicate: boolean; suppressed: number };

function suppressionReason(event: WebhookEventPayload): string | null {
  switch (event.type) {
    case "email.bounced":
      return `bounced${event.data.bounce?.type ? ` (${event.data.bounce.type}${event.data.bounce.subType ? `, ${event.data.bounce.subType}` : ""})` : ""}`;
    case "email.complained":
      return "complained (marked as spam)";
    case "email.suppressed":
      return "suppressed by Resend";
    default:
      return null;
  }
}

/** Records the event id and applies its effect in one transaction, so a replay or a concurrent retry is a no-op. */
export async function applyResendEvent(db: Db, eventId: string, event: WebhookEventPayload): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(resendEvents).values({ id: eventId, type: event.type }).onConflictDoNothing().returning({ id: resendEvents.id });
    if (inserted.length === 0) return { applied: false, duplicate: true, suppressed: 0 };
    const reason = suppressionReason(event);
    if (!reason) return { applied: true, duplicate: false, suppressed: 0 };
    const to = (event.data as { to?: string[] | string }).to;
    const addresses = Array.isArray(to) ? to : to ? [to] : [];
    const suppressed = await suppressAddresses(tx, addresses, reason);
    return { applied: true, duplicate: false, suppressed };
  });
}
