// Donations against a real database and the local fake Stripe: checkout, signed webhooks, receipts, stopping a gift.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhookPost } from "@/app/api/stripe/webhook/route";
import { GET as statusGet } from "@/app/api/donations/status/route";
import { rowsOf, type DbHandle } from "@/lib/db/client";
import { donationPayments, donations, emailOutbox, stripeEvents, stripeParkedInvoices } from "@/lib/db/schema";
import { startDonationCheckout } from "@/lib/donations/checkout";
import { billingPortalUrl, manageToken, stopMonthlyDonation, verifyManageToken } from "@/lib/donations/manage";
import { getDonationProgress } from "@/lib/donations/queries";
import { getStripe } from "@/lib/donations/stripe";
import { resetEnvCache } from "@/lib/env";
import { QUEUES } from "@/lib/jobs/queues";
import { createTestDatabase } from "../support/db";
import { workJobs } from "../support/jobs";
import { fakeStripeEnv, signBody, startFakeStripe, webhookRequest, type FakeEvent, type FakeStripe } from "../support/fake-stripe";

const SECRET = "whsec_vitest_only_secret";
let handle: DbHandle;
let fake: FakeStripe;
let app: http.Server;
let appUrl: string;
const saved = { ...process.env };

// A stand-in for the Next server: the fake delivers webhooks here, and they reach the real route handler.
async function startAppServer(): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || req.url !== "/api/stripe/webhook") {
      res.writeHead(404).end();
      return;
    }
    const response = await webhookPost(
      new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }),
    );
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  app = await startAppServer();
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  fake = await startFakeStripe({ appUrl, webhookSecret: SECRET });
  Object.assign(process.env, fakeStripeEnv(fake, SECRET), { SITE_URL: appUrl, EMAIL_TRANSPORT: "outbox", SITE_NAME: "Attune" });
  resetEnvCache();
});

afterAll(async () => {
  await fake.close();
  await new Promise((resolve) => app.close(resolve));
  await handle.close();
  process.env = saved;
  resetEnvCache();
});

function stripe() {
  const client = getStripe();
  if (!client) throw new Error("Stripe is not configured in this test");
  return client;
}

async function post(event: FakeEvent, options: { secret?: string; timestamp?: number; tamper?: (body: string) => string } = {}) {
  const body = JSON.stringify(event);
  const signature = signBody(body, options.secret ?? SECRET, options.timestamp);
  const response = await webhookPost(webhookRequest(options.tamper ? options.tamper(body) : body, signature));
  return { status: response.status, json: (await response.json()) as { outcome?: string; error?: string } };
}

async function donationRow(id: number) {
  const [row] = await handle.db.select().from(donations).where(eq(donations.id, id));
  return row;
}

async function paymentsOf(id: number) {
  return handle.db.select().from(donationPayments).where(eq(donationPayments.donationId, id)).orderBy(asc(donationPayments.id));
}

/** Receipts mailed to `email`, after working the receipt jobs the webhooks queued (as a worker would). */
async function receiptsTo(email: string) {
  await workJobs(QUEUES.receipts);
  return handle.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.to, email), eq(emailOutbox.tag, "receipt")))
    .orderBy(asc(emailOutbox.id));
}

async function storedEvent(id: string) {
  return handle.db.select().from(stripeEvents).where(eq(stripeEvents.id, id));
}

async function give(interval: "one_time" | "monthly", amount = 2500, currency = "usd") {
  return startDonationCheckout(stripe(), { amount, currency, interval });
}

let emailCounter = 0;
const newEmail = () => `Donor${++emailCounter}@Example.org`;

describe("checkout", () => {
  it("creates a pending donation and a one-time donate session that the fake accepts", async () => {
    const started = await give("one_time", 2500);
    expect(started.url.startsWith(`${fake.url}/checkout/`)).toBe(true);
    const request = fake.requests.at(-1)!;
    expect(request).toMatchObject({ method: "POST", path: "/v1/checkout/sessions" });
    expect(request.params).toMatchObject({
      mode: "payment",
      submit_type: "donate",
      line_items: { "0": { quantity: "1", price_data: { currency: "usd", unit_amount: "2500" } } },
      metadata: { donation_id: String(started.donationId) },
      payment_intent_data: { metadata: { donation_id: String(started.donationId) } },
      success_url: `${appUrl}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${appUrl}/donate?canceled=1`,
    });
    expect(await donationRow(started.donationId)).toMatchObject({
      status: "pending",
      amount: 2500,
      currency: "usd",
      interval: "one_time",
      checkoutSessionId: started.sessionId,
    });
  });

  it("opens a subscription session with inline monthly price data for a monthly gift", async () => {
    const started = await give("monthly", 1000, "eur");
    const params = fake.requests.at(-1)!.params as Record<string, Record<string, unknown>>;
    expect(params.mode).toBe("subscription");
    expect(params.submit_type).toBeUndefined();
    expect(params.line_items).toMatchObject({ "0": { price_data: { currency: "eur", unit_amount: "1000", recurring: { interval: "month" } } } });
    expect(params.subscription_data).toMatchObject({ metadata: { donation_id: String(started.donationId) } });
  });

  it("leaves no pending row behind when Stripe refuses the session", async () => {
    const before = await handle.db.select({ id: donations.id }).from(donations);
    // The fake refuses an amount that is not a positive whole number, as Stripe does.
    await expect(startDonationCheckout(stripe(), { amount: 0, currency: "usd", interval: "one_time" })).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringMatching(/Nothing was charged/),
    });
    expect(await handle.db.select({ id: donations.id }).from(donations)).toHaveLength(before.length);
  });
});

describe("webhook signatures", () => {
  it("answers 400 to a missing signature, a tampered body, a wrong secret and a stale timestamp, storing nothing", async () => {
    const { sessionId } = await give("one_time");
    const [completed] = fake.pay(sessionId, { email: newEmail() });
    const body = JSON.stringify(completed);
    expect((await webhookPost(webhookRequest(body, null))).status).toBe(400);
    const tamper = (b: string) => b.replace('"amount_total":2500', '"amount_total":1');
    expect(tamper(body)).not.toBe(body);
    expect((await post(completed, { tamper })).status).toBe(400);
    expect((await post(completed, { secret: "whsec_someone_else" })).status).toBe(400);
    expect((await post(completed, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(400);
    expect(await storedEvent(completed.id)).toHaveLength(0);
    expect((await paymentsOf((await getDonationIdForSession(sessionId))!)).length).toBe(0);
  });

  it("answers 503 when no webhook secret is configured", async () => {
    process.env.STRIPE_WEBHOOK_SECRET = "";
    resetEnvCache();
    try {
      const response = await webhookPost(webhookRequest("{}", "t=1,v1=abc"));
      expect(response.status).toBe(503);
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = SECRET;
      resetEnvCache();
    }
  });
});

async function getDonationIdForSession(sessionId: string): Promise<number | undefined> {
  const [row] = await handle.db.select({ id: donations.id }).from(donations).where(eq(donations.checkoutSessionId, sessionId));
  return row?.id;
}

describe("one-time gifts", () => {
  it("records a verified payment once, sends one receipt, and ignores the same event twice", async () => {
    const email = newEmail();
    const { donationId, sessionId } = await give("one_time", 2500);
    expect(await getDonationProgress(sessionId)).toMatchObject({ state: "confirming" });
    const [completed] = fake.pay(sessionId, { email });

    const first = await post(completed);
    expect(first).toMatchObject({ status: 200, json: { outcome: "applied" } });
    const again = await post(completed);
    expect(again).toMatchObject({ status: 200, json: { outcome: "duplicate" } });

    expect(await donationRow(donationId)).toMatchObject({ status: "paid", email: email.toLowerCase() });
    const [stored] = await storedEvent(completed.id);
    expect(stored).toMatchObject({ type: "checkout.session.completed", payload: { object: "checkout.session", objectId: sessionId } });
    expect(JSON.stringify(stored.payload)).not.toContain(email.toLowerCase()); // no second copy of the donor's details
    expect((await workJobs(QUEUES.receipts)).map((j) => j.ok)).toEqual([true]); // one receipt job for the one applied event
    const payments = await paymentsOf(donationId);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      amount: 2500,
      currency: "usd",
      stripePaymentKey: (completed.data.object as { payment_intent: string }).payment_intent,
    });
    expect(payments[0].receiptSentAt).not.toBeNull();
    const receipts = await receiptsTo(email.toLowerCase());
    expect(receipts).toHaveLength(1);
    expect(receipts[0].subject).toContain("$25");
    expect(receipts[0].text).toContain("Thank you for your gift of $25");
    expect(receipts[0].text).not.toContain("/donate/manage/");
    expect(await getDonationProgress(sessionId)).toMatchObject({ state: "confirmed", amount: 2500, currency: "usd" });
  });

  it("pays through the fake's checkout page: webhooks delivered to the app, then the redirect to the thanks page", async () => {
    const email = newEmail();
    const { donationId, sessionId, url } = await give("one_time", 5000);
    const response = await fetch(`${url}/pay`, { method: "POST", body: new URLSearchParams({ email }), redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${appUrl}/donate/thanks?session_id=${sessionId}`);
    expect(fake.deliveries.at(-1)).toMatchObject({ type: "checkout.session.completed", status: 200 });
    expect(await paymentsOf(donationId)).toHaveLength(1);
    expect(await receiptsTo(email.toLowerCase())).toHaveLength(1);

    const status = await statusGet(new Request(`${appUrl}/api/donations/status?session_id=${sessionId}`));
    expect(status.headers.get("cache-control")).toBe("no-store");
    expect(await status.json()).toMatchObject({ state: "confirmed", amount: 5000, display: "$50", interval: "one_time" });
    expect((await statusGet(new Request(`${appUrl}/api/donations/status?session_id=cs_nope`))).status).toBe(404);
  });

  it("applies one of two simultaneous deliveries of the same event", async () => {
    const { donationId, sessionId } = await give("one_time", 1800);
    const [completed] = fake.pay(sessionId, { email: newEmail() });
    const results = await Promise.all([post(completed), post(completed)]);
    expect(results.map((r) => r.json.outcome).sort()).toEqual(["applied", "duplicate"]);
    expect(await paymentsOf(donationId)).toHaveLength(1);
  });

  it("a refund marks the payment refunded and the gift refunded; its replay changes nothing", async () => {
    const { donationId, sessionId } = await give("one_time", 1000);
    const [completed] = fake.pay(sessionId, { email: newEmail() });
    await post(completed);
    const pi = (completed.data.object as { payment_intent: string }).payment_intent;
    const refunded = fake.refund(pi);
    expect((await post(refunded)).status).toBe(200);
    expect((await post(refunded)).json.outcome).toBe("duplicate");
    expect(await donationRow(donationId)).toMatchObject({ status: "refunded" });
    expect((await paymentsOf(donationId))[0]).toMatchObject({ amount: 1000, refundedAmount: 1000 });
    // A late "completed" (Stripe retried it) must not reopen the refunded gift.
    const retried = { ...completed, id: `${completed.id}_retry` };
    await post(retried);
    expect(await donationRow(donationId)).toMatchObject({ status: "refunded" });
    expect(await paymentsOf(donationId)).toHaveLength(1);
  });

  it("a partial refund records the amount refunded and leaves the gift paid; refunding the rest makes it refunded", async () => {
    const { donationId, sessionId } = await give("one_time", 2000);
    const [completed] = fake.pay(sessionId, { email: newEmail() });
    await post(completed);
    const pi = (completed.data.object as { payment_intent: string }).payment_intent;
    expect(await post(fake.refund(pi, { amount: 500 }))).toMatchObject({ status: 200, json: { outcome: "applied" } });
    expect(await donationRow(donationId)).toMatchObject({ status: "paid" });
    expect(await paymentsOf(donationId)).toEqual([expect.objectContaining({ amount: 2000, refundedAmount: 500 })]);
    expect(await post(fake.refund(pi, { amount: 1500 }))).toMatchObject({ status: 200, json: { outcome: "applied" } });
    expect(await donationRow(donationId)).toMatchObject({ status: "refunded" });
    expect(await paymentsOf(donationId)).toEqual([expect.objectContaining({ amount: 2000, refundedAmount: 2000 })]);
  });

  it("a checkout session never completes, fails or expires another donation, whatever its metadata names", async () => {
    const mine = await give("one_time", 2200);
    const other = await give("one_time", 2300);
    const [completed] = fake.pay(other.sessionId, { email: newEmail() });
    const session = completed.data.object as Record<string, unknown>;
    const naming = { metadata: { donation_id: String(mine.donationId) } };
    // A session that was never opened for `mine`, and `other`'s own session, both claiming to be for `mine`.
    const stranger = { ...session, ...naming, id: "cs_test_stranger", payment_intent: "pi_test_stranger" };
    for (const event of [
      fake.eventOf("checkout.session.completed", stranger),
      fake.eventOf("checkout.session.async_payment_succeeded", stranger),
      fake.eventOf("checkout.session.async_payment_failed", { ...stranger, payment_status: "unpaid" }),
      fake.eventOf("checkout.session.expired", { ...stranger, status: "expired", payment_status: "unpaid" }),
      fake.eventOf("checkout.session.completed", { ...session, ...naming }),
    ]) {
      expect((await post(event)).status).toBe(200);
    }
    expect(await donationRow(mine.donationId)).toMatchObject({ status: "pending", checkoutSessionId: mine.sessionId, email: null, customerId: null });
    expect(await paymentsOf(mine.donationId)).toHaveLength(0);
    expect(await handle.db.select().from(donationPayments).where(eq(donationPayments.stripePaymentKey, "pi_test_stranger"))).toHaveLength(0);
  });

  it("a refund that arrives before its payment answers 5xx, keeps no event id, and applies on Stripe's retry", async () => {
    const { donationId, sessionId } = await give("one_time", 3000);
    const [completed] = fake.pay(sessionId, { email: newEmail() });
    const refunded = fake.refund((completed.data.object as { payment_intent: string }).payment_intent);
    expect((await post(refunded)).status).toBe(500);
    expect(await storedEvent(refunded.id)).toHaveLength(0);
    expect(await post(completed)).toMatchObject({ status: 200 });
    expect(await post(refunded)).toMatchObject({ status: 200, json: { outcome: "applied" } });
    expect(await donationRow(donationId)).toMatchObject({ status: "refunded" });
    expect(await paymentsOf(donationId)).toHaveLength(1);
  });

  it("an async payment stays pending when completed unpaid, then settles or fails", async () => {
    const ok = await give("one_time", 2000);
    const [completed] = fake.pay(ok.sessionId, { email: newEmail() });
    const session = completed.data.object as Record<string, unknown>;
    await post(fake.eventOf("checkout.session.completed", { ...session, payment_status: "unpaid" }));
    expect(await donationRow(ok.donationId)).toMatchObject({ status: "pending" });
    expect(await getDonationProgress(ok.sessionId)).toMatchObject({ state: "confirming" });
    await post(fake.eventOf("checkout.session.async_payment_succeeded", session));
    expect(await donationRow(ok.donationId)).toMatchObject({ status: "paid" });
    expect(await paymentsOf(ok.donationId)).toHaveLength(1);

    const bad = await give("one_time", 2000);
    const [badCompleted] = fake.pay(bad.sessionId, { email: newEmail() });
    const badSession = { ...(badCompleted.data.object as Record<string, unknown>), payment_status: "unpaid" };
    await post(fake.eventOf("checkout.session.async_payment_failed", badSession));
    await post(fake.eventOf("checkout.session.completed", badSession)); // arrives late: must not undo the failure
    expect(await donationRow(bad.donationId)).toMatchObject({ status: "failed" });
    expect(await paymentsOf(bad.donationId)).toHaveLength(0);
    expect(await getDonationProgress(bad.sessionId)).toMatchObject({ state: "failed" });
  });

  it("a checkout left unpaid until it lapses keeps its record, marked expired; a late payment still counts", async () => {
    const left = await give("one_time", 1500);
    const expired = fake.expire(left.sessionId);
    expect(await post(expired)).toMatchObject({ status: 200, json: { outcome: "applied" } });
    expect(await donationRow(left.donationId)).toMatchObject({ status: "expired", amount: 1500 });
    expect(await paymentsOf(left.donationId)).toHaveLength(0);
    expect(await getDonationProgress(left.sessionId)).toMatchObject({ state: "failed" });
    expect(await post(expired)).toMatchObject({ status: 200, json: { outcome: "duplicate" } });

    // Stripe may still report money for a session it expired (an async method settling late): it counts.
    const late = await give("one_time", 1500);
    const [completed] = fake.pay(late.sessionId, { email: newEmail() });
    await post(
      fake.eventOf("checkout.session.expired", { ...(completed.data.object as Record<string, unknown>), status: "expired", payment_status: "unpaid" }),
    );
    expect(await donationRow(late.donationId)).toMatchObject({ status: "expired" });
    await post(completed);
    expect(await donationRow(late.donationId)).toMatchObject({ status: "paid" });
    expect(await paymentsOf(late.donationId)).toHaveLength(1);
  });

  it("ignores event types it does not handle, and sessions that are not donations", async () => {
    expect((await post(fake.eventOf("customer.created", { id: "cus_x", object: "customer" }))).json.outcome).toBe("ignored");
    const foreign = fake.eventOf("checkout.session.completed", {
      id: "cs_test_foreign",
      object: "checkout.session",
      mode: "payment",
      payment_status: "paid",
      metadata: {},
      amount_total: 100,
      currency: "usd",
      payment_intent: "pi_foreign",
    });
    expect(await post(foreign)).toMatchObject({ status: 200, json: { outcome: "applied" } });
    expect(await handle.db.select().from(donationPayments).where(eq(donationPayments.stripePaymentKey, "pi_foreign"))).toHaveLength(0);
  });
});

describe("monthly gifts", () => {
  it("counts the first month once although both checkout.session.completed and invoice.paid arrive", async () => {
    const email = newEmail();
    const { donationId, sessionId } = await give("monthly", 1500, "eur");
    const events = fake.pay(sessionId, { email });
    expect(events.map((e) => e.type)).toEqual(["checkout.session.completed", "invoice.paid"]);
    for (const e of events) expect((await post(e)).status).toBe(200);
    const row = await donationRow(donationId);
    expect(row).toMatchObject({ status: "active", subscriptionId: fake.sessions.get(sessionId)!.subscription, email: email.toLowerCase() });
    const payments = await paymentsOf(donationId);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ amount: 1500, currency: "eur", stripePaymentKey: fake.sessions.get(sessionId)!.invoice });
    const receipts = await receiptsTo(email.toLowerCase());
    expect(receipts).toHaveLength(1);
    expect(receipts[0].text).toContain(`${appUrl}/donate/manage/${manageToken(donationId)}`);
  });

  it("counts it once too when the two events arrive the other way round, or at the same moment", async () => {
    const reversed = await give("monthly", 1500);
    const [completed, paid] = fake.pay(reversed.sessionId, { email: newEmail() });
    await post(paid);
    expect(await donationRow(reversed.donationId)).toMatchObject({ status: "active" });
    await post(completed);
    expect(await paymentsOf(reversed.donationId)).toHaveLength(1);

    const together = await give("monthly", 1500);
    const both = fake.pay(together.sessionId, { email: newEmail() });
    const results = await Promise.all(both.map((e) => post(e)));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(await paymentsOf(together.donationId)).toHaveLength(1);
    expect(await donationRow(together.donationId)).toMatchObject({ status: "active" });
  });

  it("counts every renewal, with its own receipt, and refunds one month without ending the pledge", async () => {
    const email = newEmail();
    const { donationId, sessionId } = await give("monthly", 1000);
    for (const e of fake.pay(sessionId, { email })) await post(e);
    const subscriptionId = fake.sessions.get(sessionId)!.subscription!;
    const renewal = fake.renew(subscriptionId);
    expect((await post(renewal)).status).toBe(200);
    expect((await post(renewal)).json.outcome).toBe("duplicate");
    const payments = await paymentsOf(donationId);
    expect(payments.map((p) => p.amount)).toEqual([1000, 1000]);
    const receipts = await receiptsTo(email.toLowerCase());
    expect(receipts).toHaveLength(2);
    expect(receipts[1].text).toContain("Thank you for giving again this month");

    // The refund names a payment intent; the app asks Stripe which invoice it paid.
    const refund = fake.refund((renewal.data.object as { id: string }).id);
    expect((await post(refund)).status).toBe(200);
    expect(fake.requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/invoice_payments" });
    const after = await paymentsOf(donationId);
    expect(after.map((p) => p.refundedAmount)).toEqual([0, 1000]);
    expect(await donationRow(donationId)).toMatchObject({ status: "active" });
  });

  it("a cancellation ends the pledge; a late invoice still counts its money but does not revive it", async () => {
    const { donationId, sessionId } = await give("monthly", 1200);
    const [completed, paid] = fake.pay(sessionId, { email: newEmail() });
    const subscriptionId = fake.sessions.get(sessionId)!.subscription!;
    const renewal = fake.renew(subscriptionId);
    const deleted = fake.cancel(subscriptionId);
    // Stripe does not promise order: the deletion first, then everything else.
    for (const e of [deleted, paid, completed, renewal]) expect((await post(e)).status).toBe(200);
    expect(await donationRow(donationId)).toMatchObject({ status: "canceled", subscriptionId });
    expect(await paymentsOf(donationId)).toHaveLength(2);
  });

  it("a donor stops their gift from the receipt link: Stripe cancels, the webhook agrees", async () => {
    const email = newEmail();
    const { donationId, sessionId, url } = await give("monthly", 2000);
    await fetch(`${url}/pay`, { method: "POST", body: new URLSearchParams({ email }), redirect: "manual" });
    expect(await donationRow(donationId)).toMatchObject({ status: "active" });
    const token = manageToken(donationId)!;
    expect(verifyManageToken(token)).toBe(donationId);
    expect(verifyManageToken(token.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).toBeNull();
    expect(verifyManageToken(`${donationId + 1}${token.slice(String(donationId).length)}`)).toBeNull();

    const portal = await billingPortalUrl(stripe(), donationId, `/donate/manage/${token}`);
    expect(portal.startsWith(`${fake.url}/portal/`)).toBe(true);

    expect(await stopMonthlyDonation(stripe(), donationId)).toBe("stopped");
    expect(fake.requests.some((r) => r.method === "DELETE" && r.path === `/v1/subscriptions/${fake.sessions.get(sessionId)!.subscription}`)).toBe(true);
    expect(await donationRow(donationId)).toMatchObject({ status: "canceled" });
    await expect.poll(() => fake.deliveries.filter((d) => d.type === "customer.subscription.deleted").at(-1)?.status, { timeout: 5000 }).toBe(200);
    expect(await donationRow(donationId)).toMatchObject({ status: "canceled" });
    expect(await stopMonthlyDonation(stripe(), donationId)).toBe("already_stopped");
  });
});

// Events as Stripe sends them on API 2025+ (its published fixtures), not as the fake builds them: a subscription
// Checkout Session carries `invoice: null`, and an invoice's `parent.subscription_details.metadata` may be null.
describe("monthly gifts in Stripe's own event shapes", () => {
  let serial = 0;
  const unique = (prefix: string) => `${prefix}_real${Date.now().toString(36)}${++serial}`;

  function stripeEvent(type: string, object: Record<string, unknown>): FakeEvent {
    return {
      id: unique("evt"),
      object: "event",
      api_version: "2025-03-31.basil",
      created: Math.floor(Date.now() / 1000),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object },
    };
  }

  function invoicePaid(
    subscription: string,
    customer: string,
    amount: number,
    billingReason: "subscription_create" | "subscription_cycle",
    paidAt: number,
  ): FakeEvent {
    return stripeEvent("invoice.paid", {
      id: unique("in"),
      object: "invoice",
      amount_due: amount,
      amount_paid: amount,
      amount_remaining: 0,
      billing_reason: billingReason,
      collection_method: "charge_automatically",
      currency: "usd",
      customer,
      customer_email: null,
      livemode: false,
      metadata: {},
      parent: { type: "subscription_details", quote_details: null, subscription_details: { metadata: null, subscription } },
      status: "paid",
      status_transitions: { finalized_at: paidAt, marked_uncollectible_at: null, paid_at: paidAt, voided_at: null },
      lines: { object: "list", data: [], has_more: false, url: "/v1/invoices/in_x/lines" },
      total: amount,
    });
  }

  function sessionCompleted(sessionId: string, donationId: number, subscription: string, customer: string, amount: number, email: string): FakeEvent {
    return stripeEvent("checkout.session.completed", {
      id: sessionId,
      object: "checkout.session",
      mode: "subscription",
      status: "complete",
      payment_status: "paid",
      amount_subtotal: amount,
      amount_total: amount,
      currency: "usd",
      customer,
      customer_details: { email, name: null, address: null, phone: null, tax_exempt: "none", tax_ids: [] },
      customer_email: null,
      invoice: null,
      payment_intent: null,
      subscription,
      metadata: { donation_id: String(donationId) },
      livemode: false,
    });
  }

  async function monthlyGift(amount = 1500) {
    const { donationId, sessionId } = await give("monthly", amount);
    const subscription = unique("sub");
    const customer = unique("cus");
    const email = newEmail();
    const t = Math.floor(Date.now() / 1000);
    return {
      donationId,
      email,
      subscription,
      first: invoicePaid(subscription, customer, amount, "subscription_create", t),
      session: sessionCompleted(sessionId, donationId, subscription, customer, amount, email),
      renewal: invoicePaid(subscription, customer, amount, "subscription_cycle", t + 31 * 24 * 3600),
    };
  }

  async function expectTwoPaymentsFor(gift: Awaited<ReturnType<typeof monthlyGift>>) {
    const payments = await paymentsOf(gift.donationId);
    expect(payments.map((p) => p.stripePaymentKey).sort()).toEqual([gift.first.data.object.id, gift.renewal.data.object.id].sort());
    expect(payments.map((p) => p.amount)).toEqual([1500, 1500]);
    expect(await donationRow(gift.donationId)).toMatchObject({ status: "active", subscriptionId: gift.subscription, email: gift.email.toLowerCase() });
    expect(await parkedFor(gift.subscription)).toHaveLength(0);
  }

  async function parkedFor(subscription: string) {
    return handle.db.select().from(stripeParkedInvoices).where(eq(stripeParkedInvoices.subscriptionId, subscription));
  }

  async function expectReplaysChangeNothing(gift: Awaited<ReturnType<typeof monthlyGift>>) {
    await workJobs(QUEUES.receipts); // the receipts already owed go out first, so only the replays are compared
    const before = {
      row: await donationRow(gift.donationId),
      payments: await paymentsOf(gift.donationId),
      receipts: await receiptsTo(gift.email.toLowerCase()),
    };
    for (const e of [gift.first, gift.session, gift.renewal]) expect(await post(e)).toMatchObject({ status: 200, json: { outcome: "duplicate" } });
    // A new event about an invoice already counted still counts it once.
    expect((await post({ ...gift.first, id: unique("evt") })).status).toBe(200);
    expect(await donationRow(gift.donationId)).toEqual(before.row);
    expect(await paymentsOf(gift.donationId)).toEqual(before.payments);
    expect(await receiptsTo(gift.email.toLowerCase())).toEqual(before.receipts);
  }

  it("counts the first month when its invoice.paid (no metadata) arrives before the session (no invoice), then the renewal", async () => {
    const gift = await monthlyGift();
    for (const e of [gift.first, gift.session, gift.renewal]) expect(await post(e)).toMatchObject({ status: 200, json: { outcome: "applied" } });
    await expectTwoPaymentsFor(gift);
    expect(await receiptsTo(gift.email.toLowerCase())).toHaveLength(2);
    await expectReplaysChangeNothing(gift);
  });

  it("counts the first month when the session (no invoice) arrives before its invoice.paid (no metadata), then the renewal", async () => {
    const gift = await monthlyGift();
    for (const e of [gift.session, gift.first, gift.renewal]) expect(await post(e)).toMatchObject({ status: 200, json: { outcome: "applied" } });
    await expectTwoPaymentsFor(gift);
    expect(await receiptsTo(gift.email.toLowerCase())).toHaveLength(2);
    await expectReplaysChangeNothing(gift);
  });

  it("counts both invoices when the first invoice and the session arrive at the same moment", async () => {
    const gift = await monthlyGift();
    const results = await Promise.all([post(gift.first), post(gift.session)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect((await post(gift.renewal)).status).toBe(200);
    await expectTwoPaymentsFor(gift);
    await expectReplaysChangeNothing(gift);
  });

  // Needs a second connection to hold a transaction open; PGlite has one and runs transactions one at a time.
  it.runIf(process.env.TEST_DATABASE_URL)("claims the first invoice when the session lands while that invoice is being parked (PostgreSQL)", async () => {
    const gift = await monthlyGift();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // Another transaction holds the invoice's parked key, so the invoice's own transaction stops just before it parks.
    const blocker = handle.db
      .transaction(async (tx) => {
        await tx
          .insert(stripeParkedInvoices)
          .values({ invoiceId: String(gift.first.data.object.id), subscriptionId: "sub_blocker", amount: 1, currency: "usd", paidAt: new Date() });
        holding();
        await released;
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await held;
    const invoice = post(gift.first);
    const waiting = async () =>
      Number(
        rowsOf<{ n: number }>(
          await handle.db.execute(
            sql`select cast(count(*) as integer) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          ),
        )[0].n,
      );
    await expect.poll(waiting, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    const session = post(gift.session);
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for the session to finish, were it not made to wait
    release();
    await blocker;
    expect([(await invoice).status, (await session).status]).toEqual([200, 200]);
    expect((await paymentsOf(gift.donationId)).map((p) => p.stripePaymentKey)).toEqual([gift.first.data.object.id]);
    expect(await parkedFor(gift.subscription)).toHaveLength(0);
    expect((await post(gift.renewal)).status).toBe(200);
    await expectTwoPaymentsFor(gift);
  });
});

describe("invoices no donation can claim yet", () => {
  let serial = 0;
  const unique = (prefix: string) => `${prefix}_park${Date.now().toString(36)}${++serial}`;

  function invoicePaid(subscription: string, customer: string, amount: number): FakeEvent {
    const paidAt = Math.floor(Date.now() / 1000);
    return {
      id: unique("evt"),
      object: "event",
      api_version: "2025-03-31.basil",
      created: paidAt,
      type: "invoice.paid",
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: unique("in"),
          object: "invoice",
          amount_paid: amount,
          billing_reason: "subscription_create",
          currency: "usd",
          customer,
          customer_email: null,
          metadata: {},
          parent: { type: "subscription_details", quote_details: null, subscription_details: { metadata: null, subscription } },
          status: "paid",
          status_transitions: { finalized_at: paidAt, marked_uncollectible_at: null, paid_at: paidAt, voided_at: null },
        },
      },
    };
  }

  async function parkedFor(subscription: string) {
    return handle.db.select().from(stripeParkedInvoices).where(eq(stripeParkedInvoices.subscriptionId, subscription));
  }

  it("a parked invoice for a subscription that is never ours stays parked and harms nothing", async () => {
    const foreign = invoicePaid(unique("sub"), unique("cus"), 4200);
    const subscription = (foreign.data.object.parent as { subscription_details: { subscription: string } }).subscription_details.subscription;
    const paymentsBefore = await handle.db.select().from(donationPayments);
    expect(await post(foreign)).toMatchObject({ status: 200, json: { outcome: "applied" } });
    expect(await post(foreign)).toMatchObject({ status: 200, json: { outcome: "duplicate" } });
    expect(await post({ ...foreign, id: unique("evt") })).toMatchObject({ status: 200, json: { outcome: "applied" } });
    expect(await parkedFor(subscription)).toMatchObject([{ invoiceId: foreign.data.object.id, amount: 4200, currency: "usd" }]);

    // A gift of ours completing meanwhile claims only its own subscription's invoices.
    const { donationId, sessionId } = await give("monthly", 1000);
    const events = fake.pay(sessionId, { email: newEmail() });
    for (const e of events) expect((await post(e)).status).toBe(200);
    expect(await paymentsOf(donationId)).toHaveLength(1);
    expect(await parkedFor(subscription)).toHaveLength(1);
    expect(await handle.db.select().from(donationPayments)).toHaveLength(paymentsBefore.length + 1);
    expect(await handle.db.select().from(donations).where(eq(donations.subscriptionId, subscription))).toHaveLength(0);
  });

  it("finds a pledge by its customer when exactly one unlinked pending or active monthly gift has it, and parks otherwise", async () => {
    const customer = unique("cus");
    const only = await give("monthly", 1300);
    await handle.db.update(donations).set({ customerId: customer }).where(eq(donations.id, only.donationId));
    const subscription = unique("sub");
    expect((await post(invoicePaid(subscription, customer, 1300))).status).toBe(200);
    expect(await donationRow(only.donationId)).toMatchObject({ status: "active", subscriptionId: subscription });
    expect(await paymentsOf(only.donationId)).toHaveLength(1);
    expect(await parkedFor(subscription)).toHaveLength(0);

    // Two pledges of one donor not yet linked: the invoice could be either's, so it waits for its session.
    const shared = unique("cus");
    const a = await give("monthly", 1100);
    const b = await give("monthly", 1100);
    await handle.db
      .update(donations)
      .set({ customerId: shared })
      .where(inArray(donations.id, [a.donationId, b.donationId]));
    const subB = unique("sub");
    const invoice = invoicePaid(subB, shared, 1100);
    expect((await post(invoice)).status).toBe(200);
    expect(await paymentsOf(a.donationId)).toHaveLength(0);
    expect(await paymentsOf(b.donationId)).toHaveLength(0);
    expect(await parkedFor(subB)).toHaveLength(1);
    const completed = fake.eventOf("checkout.session.completed", {
      id: b.sessionId,
      object: "checkout.session",
      mode: "subscription",
      payment_status: "paid",
      amount_total: 1100,
      currency: "usd",
      customer: shared,
      customer_details: { email: newEmail() },
      invoice: null,
      subscription: subB,
      metadata: { donation_id: String(b.donationId) },
    });
    expect((await post(completed)).status).toBe(200);
    expect((await paymentsOf(b.donationId)).map((p) => p.stripePaymentKey)).toEqual([invoice.data.object.id]);
    expect(await paymentsOf(a.donationId)).toHaveLength(0);
    expect(await donationRow(b.donationId)).toMatchObject({ status: "active", subscriptionId: subB });
    expect(await parkedFor(subB)).toHaveLength(0);
  });
});
