// One send() for every email the site writes; the transport is chosen by EMAIL_TRANSPORT (DESIGN §6).
import "server-only";
import { Resend } from "resend";
import { getDb } from "../db/client";
import { emailOutbox } from "../db/schema";
import { env } from "../env";
import { retryAfterMs, takeSendSlot } from "./rate";

export type Email = {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** What kind of email this is (signin, newsletter, receipt…), for the outbox and logs. */
  tag?: string;
  idempotencyKey?: string;
};

export type SendResult = { ok: true; id: string } | { ok: false; reason: "disabled" | "failed"; message: string };

export function emailEnabled(): boolean {
  return env().EMAIL_TRANSPORT !== "disabled";
}

export function resendClient(): Resend {
  const e = env();
  return new Resend(e.RESEND_API_KEY, e.RESEND_BASE_URL ? { baseUrl: e.RESEND_BASE_URL } : undefined);
}

export async function send(email: Email): Promise<SendResult> {
  const e = env();
  switch (e.EMAIL_TRANSPORT) {
    case "disabled":
      return { ok: false, reason: "disabled", message: "Email is not configured on this site." };
    case "outbox": {
      const [row] = await getDb()
        .insert(emailOutbox)
        .values({
          to: email.to,
          from: e.EMAIL_FROM,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers ?? {},
          tag: email.tag ?? null,
        })
        .returning({ id: emailOutbox.id });
      return { ok: true, id: `outbox-${row.id}` };
    }
    case "resend": {
      // The SDK answers { data, error } instead of throwing for API errors; network errors may still throw.
      try {
        await takeSendSlot("transactional");
        const { data, error } = await resendClient().emails.send(
          {
            from: e.EMAIL_FROM,
            to: email.to,
            subject: email.subject,
            html: email.html,
            text: email.text,
            headers: email.headers,
            tags: email.tag ? [{ name: "kind", value: email.tag }] : undefined,
          },
          email.idempotencyKey ? { idempotencyKey: email.idempotencyKey } : undefined,
        );
        if (error || !data) return { ok: false, reason: "failed", message: error?.message ?? "Resend returned no id" };
        return { ok: true, id: data.id };
      } catch (err) {
        return { ok: false, reason: "failed", message: err instanceof Error ? err.message : String(err) };
      }
    }
  }
}

/** Resend's batch endpoint takes at most this many emails per call. */
export const MAX_BATCH_SIZE = 100;

export type BatchResult =
  | { ok: true; ids: string[] }
  | {
      ok: false;
      reason: "disabled" | "failed";
      message: string;
      /** True when trying again later may work (network, 5xx, rate limit); false when the request itself was refused. */
      retryable: boolean;
      /** The provider's error name, e.g. "validation_error" or "invalid_idempotent_request". */
      code?: string;
      /** A 429's Retry-After, in milliseconds: wait at least this long before the next try. */
      retryAfterMs?: number;
    };

export type BatchOptions = {
  /** One key for the whole call: Resend answers a repeat with the first answer instead of sending again (24 hours). */
  idempotencyKey?: string;
  /** Give up on a request that hangs; the caller treats it as retryable. */
  timeoutMs?: number;
};

// Resend error names that mean "the same request may work later"; anything else is a refusal.
const RETRYABLE_ERRORS = new Set(["rate_limit_exceeded", "application_error", "internal_server_error", "concurrent_idempotent_requests"]);

/**
 * Sends up to 100 emails in one call: Resend's batch endpoint, one outbox row each, or a refusal when
 * email is disabled. `ids` are in the order of `emails`. Each email's own idempotencyKey is ignored here.
 */
export async function sendBatch(emails: Email[], options: BatchOptions = {}): Promise<BatchResult> {
  if (emails.length > MAX_BATCH_SIZE) throw new Error(`sendBatch takes at most ${MAX_BATCH_SIZE} emails per call (got ${emails.length}).`);
  const e = env();
  if (e.EMAIL_TRANSPORT === "disabled") return { ok: false, reason: "disabled", message: "Email is not configured on this site.", retryable: false };
  if (emails.length === 0) return { ok: true, ids: [] };
  switch (e.EMAIL_TRANSPORT) {
    case "outbox": {
      const rows = await getDb()
        .insert(emailOutbox)
        .values(
          emails.map((m) => ({ to: m.to, from: e.EMAIL_FROM, subject: m.subject, html: m.html, text: m.text, headers: m.headers ?? {}, tag: m.tag ?? null })),
        )
        .returning({ id: emailOutbox.id });
      return { ok: true, ids: rows.map((r) => `outbox-${r.id}`) };
    }
    case "resend": {
      try {
        await takeSendSlot("bulk");
        const { data, error, headers } = await resendClient().batch.send(
          emails.map((m) => ({
            from: e.EMAIL_FROM,
            to: m.to,
            subject: m.subject,
            html: m.html,
            text: m.text,
            headers: m.headers,
            tags: m.tag ? [{ name: "kind", value: m.tag }] : undefined,
          })),
          { idempotencyKey: options.idempotencyKey, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) },
        );
        if (error) {
          const retryable = error.statusCode === null || (error.statusCode ?? 0) >= 500 || error.statusCode === 429 || RETRYABLE_ERRORS.has(error.name);
          const wait = error.statusCode === 429 ? retryAfterMs(headers) : undefined;
          return { ok: false, reason: "failed", message: error.message, retryable, code: error.name, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
        }
        const ids = data?.data?.map((d) => d.id) ?? [];
        if (ids.length !== emails.length)
          return { ok: false, reason: "failed", message: `Resend returned ${ids.length} ids for ${emails.length} emails`, retryable: false };
        return { ok: true, ids };
      } catch (err) {
        return { ok: false, reason: "failed", message: err instanceof Error ? err.message : String(err), retryable: true };
      }
    }
  }
}
