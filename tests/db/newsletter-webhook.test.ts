import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/resend/webhook/route";
import type { DbHandle } from "@/lib/db/client";
import { resendEvents, subscribers } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { requestSubscription } from "@/lib/newsletter/subscribers";
import { hashToken, unsubscribeTokenFor } from "@/lib/newsletter/tokens";
import { createTestDatabase } from "../support/db";
import { newWebhookSecret, signWebhook } from "../support/fake-resend";

let handle: DbHandle;
const secret = newWebhookSecret();

beforeAll(async () => {
  Object.assign(process.env, {
    EMAIL_TRANSPORT: "outbox",
    AUTH_SECRET: "db-test-secret",
    RESEND_WEBHOOK_SECRET: secret,
    RATE_LIMIT_SUBSCRIBE_PER_HOUR: "1000",
  });
  resetEnvCache();
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
  delete process.env.RESEND_WEBHOOK_SECRET;
  resetEnvCache();
});
beforeEach(async () => {
  for (const table of ["resend_events", "subscribers"]) await handle.db.execute(sql.raw(`delete from ${table}`));
  await handle.db.insert(subscribers).values(
    ["bouncy@example.org", "grumpy@example.org", "happy@example.org"].map((email) => ({
      email,
      status: "confirmed" as const,
      unsubscribeTokenHash: hashToken(unsubscribeTokenFor(email)),
    })),
  );
});

const event = (type: string, to: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type,
    created_at: "2026-11-25T10:00:00.000Z",
    data: { email_id: "e-1", created_at: "2026-11-25T10:00:00.000Z", from: "news@attune.example", to: [to], subject: "Issue", ...extra },
  });

function deliver(body: string, headers: Record<string, string>) {
  return POST(new Request("http://localhost:3000/api/resend/webhook", { method: "POST", headers, body }));
}

async function statusOf(email: string) {
  const [row] = await handle.db
    .select({ status: subscribers.status, suppressedAt: subscribers.suppressedAt, suppressedReason: subscribers.suppressedReason })
    .from(subscribers)
    .where(eq(subscribers.email, email));
  return row;
}

describe("the Resend webhook", () => {
  it("suppresses a bounced address for good", async () => {
    const body = event("email.bounced", "Bouncy@Example.org", { bounce: { type: "Permanent", subType: "General", message: "Mailbox does not exist" } });
    const response = await deliver(body, signWebhook(secret, "msg_bounce_1", body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    expect(await statusOf("bouncy@example.org")).toMatchObject({ status: "suppressed", suppressedReason: "bounced (Permanent, General)" });
    expect((await statusOf("happy@example.org")).status).toBe("confirmed");

    // Signing up again changes nothing for a suppressed address.
    const again = await requestSubscription(handle.db, { email: "bouncy@example.org", source: "page", clientAddress: "10.1.1.1" });
    expect(again).toEqual({ email: "bouncy@example.org" });
    expect((await statusOf("bouncy@example.org")).status).toBe("suppressed");
  });

  it("suppresses an address whose owner marked the email as spam", async () => {
    const body = event("email.complained", "grumpy@example.org");
    expect((await deliver(body, signWebhook(secret, "msg_complaint_1", body))).status).toBe(200);
    expect(await statusOf("grumpy@example.org")).toMatchObject({ status: "suppressed", suppressedReason: "complained (marked as spam)" });
  });

  it("records other events without changing anyone", async () => {
    const body = event("email.delivered", "happy@example.org");
    expect((await deliver(body, signWebhook(secret, "msg_delivered_1", body))).status).toBe(200);
    expect((await statusOf("happy@example.org")).status).toBe("confirmed");
    expect(await handle.db.select().from(resendEvents)).toEqual([expect.objectContaining({ id: "msg_delivered_1", type: "email.delivered" })]);
  });

  it("rejects a tampered body, a wrong secret and missing headers, changing nothing", async () => {
    const body = event("email.complained", "happy@example.org");
    const headers = signWebhook(secret, "msg_tampered", body);
    const tampered = body.replace("happy@", "grumpy@");
    expect((await deliver(tampered, headers)).status).toBe(400);
    expect((await deliver(body, signWebhook(newWebhookSecret(), "msg_tampered", body))).status).toBe(400);
    const { "svix-signature": _dropped, ...unsigned } = headers;
    void _dropped;
    expect((await deliver(body, unsigned)).status).toBe(400);
    expect((await statusOf("happy@example.org")).status).toBe("confirmed");
    expect((await statusOf("grumpy@example.org")).status).toBe("confirmed");
    expect(await handle.db.select().from(resendEvents)).toEqual([]);
  });

  it("applies a replayed event only once", async () => {
    const body = event("email.bounced", "bouncy@example.org", { bounce: { type: "Permanent", subType: "General", message: "" } });
    const headers = signWebhook(secret, "msg_replayed", body);
    expect(await (await deliver(body, headers)).json()).toEqual({ received: true, duplicate: false });
    const first = await statusOf("bouncy@example.org");

    // Someone restores the row by hand; the replay must not suppress it again or move the timestamp.
    await handle.db
      .update(subscribers)
      .set({ status: "confirmed", suppressedAt: null, suppressedReason: null })
      .where(eq(subscribers.email, "bouncy@example.org"));
    const replay = await deliver(body, headers);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
    expect(first.status).toBe("suppressed");
    expect(await statusOf("bouncy@example.org")).toEqual({ status: "confirmed", suppressedAt: null, suppressedReason: null });
    expect(await handle.db.select().from(resendEvents)).toHaveLength(1);
  });

  it("answers 503 while no webhook secret is configured", async () => {
    delete process.env.RESEND_WEBHOOK_SECRET;
    resetEnvCache();
    try {
      const body = event("email.bounced", "bouncy@example.org");
      expect((await deliver(body, signWebhook(secret, "msg_unconfigured", body))).status).toBe(503);
    } finally {
      process.env.RESEND_WEBHOOK_SECRET = secret;
      resetEnvCache();
    }
  });
});
