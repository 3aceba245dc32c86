// The admin overview, the public supporter count and receipts, on rows written directly.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { donationPayments, donations, emailOutbox } from "@/lib/db/schema";
import { countSupporters, donationsCsv, donationTotalsByMonth, getDonationProgress, listDonations } from "@/lib/donations/queries";
import { OWED_RECEIPT_DAYS, sendOwedReceipts, sendPendingReceipts } from "@/lib/donations/receipts";
import { resetEnvCache } from "@/lib/env";
import { GET as exportCsv } from "@/app/admin/donations/export.csv/route";
import { createTestDatabase } from "../support/db";
import { inRequest, signIn } from "../support/request";

let handle: DbHandle;
const saved = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, { EMAIL_TRANSPORT: "outbox", SITE_URL: "https://attune.example", STRIPE_SECRET_KEY: "sk_test_admin" });
  resetEnvCache();
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
  process.env = saved;
  resetEnvCache();
});

async function donation(values: Partial<typeof donations.$inferInsert> & { amount: number; currency: string }) {
  const [row] = await handle.db
    .insert(donations)
    .values({ interval: "one_time", status: "paid", ...values })
    .returning({ id: donations.id });
  return row.id;
}

async function payment(donationId: number, key: string, amount: number, currency: string, paidAt: string, refundedAmount = 0) {
  await handle.db
    .insert(donationPayments)
    .values({ donationId, stripePaymentKey: key, amount, currency, paidAt: new Date(paidAt), refundedAmount, receiptSentAt: new Date() });
}

describe("admin overview", () => {
  it("totals money per month (UTC) and currency, never mixing currencies", async () => {
    const a = await donation({ amount: 2500, currency: "usd", email: "a@example.org" });
    await payment(a, "pi_a", 2500, "usd", "2026-10-31T23:30:00Z");
    const b = await donation({ amount: 1000, currency: "eur", email: "b@example.org", interval: "monthly", status: "active", subscriptionId: "sub_b" });
    await payment(b, "in_b1", 1000, "eur", "2026-10-05T10:00:00Z");
    await payment(b, "in_b2", 1000, "eur", "2026-11-05T10:00:00Z");
    const c = await donation({ amount: 5000, currency: "usd", email: "a@example.org", status: "refunded" });
    await payment(c, "pi_c", 5000, "usd", "2026-11-01T00:10:00Z", 5000);
    await donation({ amount: 700, currency: "usd", status: "pending" });

    expect(await donationTotalsByMonth()).toEqual([
      { month: "2026-11", currency: "eur", payments: 1, received: 1000, refunded: 0, net: 1000 },
      { month: "2026-11", currency: "usd", payments: 1, received: 5000, refunded: 5000, net: 0 },
      { month: "2026-10", currency: "eur", payments: 1, received: 1000, refunded: 0, net: 1000 },
      { month: "2026-10", currency: "usd", payments: 1, received: 2500, refunded: 0, net: 2500 },
    ]);

    const list = await listDonations();
    expect(list).toHaveLength(4);
    expect(list.find((r) => r.id === b)).toMatchObject({ interval: "monthly", payments: 2, received: 2000, refunded: 0 });
    expect(list.find((r) => r.status === "pending")).toMatchObject({ payments: 0, received: 0 });
  });

  it("counts real supporters only: one per email, refunded and unpaid gifts left out", async () => {
    // a@ gave twice (one refunded), b@ gives monthly, the pending gift has no payment.
    expect(await countSupporters()).toBe(2);
    const anonymous = await donation({ amount: 300, currency: "usd" });
    await payment(anonymous, "pi_anon", 300, "usd", "2026-11-10T00:00:00Z");
    expect(await countSupporters()).toBe(3);
  });

  it("exports every donation as CSV", async () => {
    const csv = await donationsCsv();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "id,created_at,interval,status,currency,amount_minor,payments,received_minor,refunded_minor,email,checkout_session_id,subscription_id",
    );
    expect(lines).toHaveLength(6);
    expect(lines.some((l) => l.includes(",monthly,active,eur,1000,2,2000,0,b@example.org,,sub_b"))).toBe(true);
  });
});

describe("the donations CSV route", () => {
  const get = (headers: Record<string, string> = {}) => inRequest("/admin/donations/export.csv", headers, () => exportCsv());

  it("refuses the CSV to a signed-out visitor and to every role but admin, and serves it to an admin", async () => {
    const signedOut = await get();
    expect(signedOut.status).toBe(401);
    expect(await signedOut.text()).toBe("Please sign in first.\n");
    const expired = await signIn(handle.db, { id: "csv-expired", email: "csv-expired@example.org", role: "admin" }, new Date(Date.now() - 1000));
    expect((await get(expired)).status).toBe(401);

    for (const role of ["reader", "contributor", "moderator"] as const) {
      const response = await get(await signIn(handle.db, { id: `csv-${role}`, email: `csv-${role}@example.org`, role }));
      expect(response.status, role).toBe(403);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const body = await response.text();
      expect(body).toBe("Only administrators can export donations.\n");
      expect(body).not.toContain("@example.org");
    }

    const admin = await get(await signIn(handle.db, { id: "csv-admin", email: "csv-admin@example.org", role: "admin" }));
    expect(admin.status).toBe(200);
    expect(admin.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(admin.headers.get("cache-control")).toBe("private, no-store");
    expect(await admin.text()).toBe(await donationsCsv());
  });
});

describe("thanks page progress", () => {
  it("is unknown for a malformed or missing session, confirming while pending, confirmed once paid", async () => {
    expect(await getDonationProgress("not-a-session")).toEqual({ state: "unknown" });
    expect(await getDonationProgress("cs_test_missing")).toEqual({ state: "unknown" });
    const id = await donation({ amount: 1500, currency: "eur", status: "pending", checkoutSessionId: "cs_test_progress" });
    expect(await getDonationProgress("cs_test_progress")).toMatchObject({ state: "confirming", amount: 1500, currency: "eur" });
    await payment(id, "pi_progress", 1500, "eur", "2026-11-20T00:00:00Z");
    expect(await getDonationProgress("cs_test_progress")).toMatchObject({ state: "confirmed", received: 1500 });
  });
});

describe("receipts", () => {
  it("go out once per payment even when two deliveries ask at the same moment", async () => {
    const id = await donation({ amount: 2000, currency: "usd", email: "once@example.org" });
    await handle.db.insert(donationPayments).values({ donationId: id, stripePaymentKey: "pi_once", amount: 2000, currency: "usd", paidAt: new Date() });
    const sent = await Promise.all([sendPendingReceipts([id]), sendPendingReceipts([id]), sendPendingReceipts([id])]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await sendPendingReceipts([id])).toBe(0);
    const mails = await handle.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.to, "once@example.org"), eq(emailOutbox.tag, "receipt")));
    expect(mails).toHaveLength(1);
  });

  it("are never sent for a refunded payment", async () => {
    const id = await donation({ amount: 1600, currency: "usd", email: "refunded-first@example.org", status: "refunded" });
    // Refunded before its receipt went out (e.g. email was off when it was paid).
    await handle.db
      .insert(donationPayments)
      .values({ donationId: id, stripePaymentKey: "pi_refunded_first", amount: 1600, currency: "usd", paidAt: new Date(), refundedAmount: 1600 });
    expect(await sendPendingReceipts([id])).toBe(0);
    const mails = await handle.db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.to, "refunded-first@example.org"), eq(emailOutbox.tag, "receipt")));
    expect(mails).toHaveLength(0);
    const [row] = await handle.db
      .select({ receiptSentAt: donationPayments.receiptSentAt })
      .from(donationPayments)
      .where(eq(donationPayments.stripePaymentKey, "pi_refunded_first"));
    expect(row.receiptSentAt).toBeNull();
  });

  it("wait for an email address, and are kept for later when email is switched off", async () => {
    const id = await donation({ amount: 900, currency: "usd" });
    await handle.db.insert(donationPayments).values({ donationId: id, stripePaymentKey: "pi_later", amount: 900, currency: "usd", paidAt: new Date() });
    expect(await sendPendingReceipts([id])).toBe(0);
    await handle.db.update(donations).set({ email: "later@example.org" }).where(eq(donations.id, id));
    process.env.EMAIL_TRANSPORT = "disabled";
    resetEnvCache();
    try {
      expect(await sendPendingReceipts([id])).toBe(0);
    } finally {
      process.env.EMAIL_TRANSPORT = "outbox";
      resetEnvCache();
    }
    const [row] = await handle.db
      .select({ receiptSentAt: donationPayments.receiptSentAt })
      .from(donationPayments)
      .where(eq(donationPayments.stripePaymentKey, "pi_later"));
    expect(row.receiptSentAt).toBeNull();
    expect(await sendPendingReceipts([id])).toBe(1);
  });

  it("still owed at start-up are sent for recent payments only, and once", async () => {
    const day = 24 * 60 * 60 * 1000;
    const now = new Date();
    const recent = await donation({ amount: 1200, currency: "usd", email: "owed@example.org" });
    await handle.db
      .insert(donationPayments)
      .values({ donationId: recent, stripePaymentKey: "pi_owed_recent", amount: 1200, currency: "usd", paidAt: new Date(now.getTime() - 2 * day) });
    const old = await donation({ amount: 1300, currency: "usd", email: "owed@example.org" });
    await handle.db.insert(donationPayments).values({
      donationId: old,
      stripePaymentKey: "pi_owed_old",
      amount: 1300,
      currency: "usd",
      paidAt: new Date(now.getTime() - (OWED_RECEIPT_DAYS + 1) * day),
    });
    const refunded = await donation({ amount: 1400, currency: "usd", email: "owed@example.org", status: "refunded" });
    await handle.db
      .insert(donationPayments)
      .values({ donationId: refunded, stripePaymentKey: "pi_owed_refunded", amount: 1400, currency: "usd", paidAt: now, refundedAmount: 1400 });

    process.env.EMAIL_TRANSPORT = "disabled";
    resetEnvCache();
    try {
      expect(await sendOwedReceipts(handle.db, now)).toBe(0);
    } finally {
      process.env.EMAIL_TRANSPORT = "outbox";
      resetEnvCache();
    }
    expect(await sendOwedReceipts(handle.db, now)).toBe(1);
    expect(await sendOwedReceipts(handle.db, now)).toBe(0);
    const mails = await handle.db
      .select({ subject: emailOutbox.subject })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.to, "owed@example.org"), eq(emailOutbox.tag, "receipt")));
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining("$12")]);
  });
});
