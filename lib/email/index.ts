// One send() for every email the site writes; the transport is chosen by EMAIL_TRANSPORT (DESIGN §6).
import { Resend } from "resend";
import { getDb } from "../db/client";
import { emailOutbox } from "../db/schema";
import { env } from "../env";

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

export class EmailNotConfiguredError extends Error {
  constructor() {
    super("Email is not configured on this site.");
    this.name = "EmailNotConfiguredError";
  }
}

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
        .values({ to: email.to, from: e.EMAIL_FROM, subject: email.subject, html: email.html, text: email.text, headers: email.headers ?? {}, tag: email.tag ?? null })
        .returning({ id: emailOutbox.id });
      return { ok: true, id: `outbox-${row.id}` };
    }
    case "resend": {
      // The SDK answers { data, error } instead of throwing for API errors; network errors may still throw.
      try {
        const { data, error } = await resendClient().emails.send(
          { from: e.EMAIL_FROM, to: email.to, subject: email.subject, html: email.html, text: email.text, headers: email.headers, tags: email.tag ? [{ name: "kind", value: email.tag }] : undefined },
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
