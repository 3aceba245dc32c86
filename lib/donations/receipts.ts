// Receipt emails: one per payment, sent by a job the webhook enqueues in its own transaction (queueReceipts).
// receipt_sent_at is claimed before sending, so two deliveries or a retried job never send the same receipt twice.
import "server-only";
import { and, eq, gt, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "../db/client";
import { donationPayments, donations } from "../db/schema";
import { emailEnabled, send } from "../email";
import { renderEmail } from "../email/templates";
import { env } from "../env";
import { enqueue } from "../jobs/enqueue";
import { QUEUES } from "../jobs/queues";
import { absoluteUrl } from "../site";
import { formatMoney, type DonationInterval } from "./amounts";
import { manageUrl } from "./manage";
import { formatLongDate } from "../format";

export type ReceiptInput = {
  donationId: number;
  interval: DonationInterval;
  amount: number;
  currency: string;
  paidAt: Date;
  reference: string;
  /** Which payment of a monthly gift this is (1 = the first). */
  sequence: number;
};

export async function renderReceipt(input: ReceiptInput): Promise<{ subject: string; html: string; text: string }> {
  const site = env().SITE_NAME;
  const money = formatMoney(input.amount, input.currency);
  const monthly = input.interval === "monthly";
  const manage = monthly ? manageUrl(input.donationId) : null;
  const subject = monthly ? `Your monthly gift to ${site}: receipt for ${money}` : `Thank you for your gift to ${site}: receipt for ${money}`;
  const paragraphs = [
    monthly
      ? input.sequence > 1
        ? `Thank you for giving again this month. We received ${money} on ${formatLongDate(input.paidAt)}.`
        : `Thank you for your monthly gift of ${money}. We received your first payment on ${formatLongDate(input.paidAt)}, and Stripe will take the same amount each month until you stop it.`
      : `Thank you for your gift of ${money}. We received it on ${formatLongDate(input.paidAt)}.`,
    `${site} stays free for every reader because people like you give. Your gift pays for hosting and for the editors who review every change.`,
    `Amount: ${money} (${input.currency.toUpperCase()})${monthly ? " each month" : ""}. Date: ${formatLongDate(input.paidAt)}. Reference: ${input.reference}.`,
    ...(monthly ? ["You can stop your monthly gift at any time, with no questions asked, from the link below."] : []),
  ];
  const { html, text } = await renderEmail({
    heading: monthly ? "Thank you for giving every month" : "Thank you for your gift",
    paragraphs,
    button: manage ? { label: "Stop or change my monthly gift", url: manage } : undefined,
    footer: [
      `Keep this email as your receipt. ${site} does not store your card details; Stripe processes the payment.`,
      `Questions about your gift? Reply to this email or visit ${absoluteUrl("/donate")}.`,
    ],
  });
  return { subject, html, text };
}

/**
 * Sends every receipt still owed for these donations. A payment is claimed (receipt_sent_at set) before
 * its email goes out; if sending fails the claim is released so the next webhook for the gift, or the next
 * start-up (sendOwedReceipts), retries it.
 */
export async function sendPendingReceipts(donationIds: number[], db: Db = getDb()): Promise<number> {
  return (await deliverPendingReceipts(donationIds, db)).sent;
}

export type ReceiptRun = { sent: number; failed: number; lastError?: string };

/** Enqueues the receipts owed for these donations inside the webhook's transaction: no job for a payment that rolls back. */
export async function queueReceipts(tx: Tx, donationIds: number[]): Promise<void> {
  if (donationIds.length > 0) await enqueue(tx, QUEUES.receipts, { donationIds: [...new Set(donationIds)] });
}

/** sendPendingReceipts with the failures counted, so the job can be retried while some are still owed. */
export async function deliverPendingReceipts(donationIds: number[], db: Db = getDb()): Promise<ReceiptRun> {
  const run: ReceiptRun = { sent: 0, failed: 0 };
  if (donationIds.length === 0) return run;
  const owed = await db
    .select({
      paymentId: donationPayments.id,
      donationId: donations.id,
      interval: donations.interval,
      email: donations.email,
      amount: donationPayments.amount,
      currency: donationPayments.currency,
      paidAt: donationPayments.paidAt,
      reference: donationPayments.stripePaymentKey,
    })
    .from(donationPayments)
    .innerJoin(donations, eq(donations.id, donationPayments.donationId))
    .where(and(inArray(donations.id, donationIds), isNull(donationPayments.receiptSentAt), isNotNull(donations.email), eq(donationPayments.refundedAmount, 0)))
    .orderBy(donationPayments.paidAt, donationPayments.id);

  for (const p of owed) {
    const to = p.email;
    if (to === null) continue; // the query asks for isNotNull(email): this only tells the type so
    const [claimed] = await db
      .update(donationPayments)
      .set({ receiptSentAt: new Date() })
      .where(and(eq(donationPayments.id, p.paymentId), isNull(donationPayments.receiptSentAt)))
      .returning({ id: donationPayments.id });
    if (!claimed) continue; // another delivery is sending it
    const [{ earlier }] = await db
      .select({ earlier: sql<number>`cast(count(*) as integer)` })
      .from(donationPayments)
      .where(and(eq(donationPayments.donationId, p.donationId), lt(donationPayments.id, p.paymentId)));
    const receipt = await renderReceipt({
      donationId: p.donationId,
      interval: p.interval,
      amount: p.amount,
      currency: p.currency,
      paidAt: p.paidAt,
      reference: p.reference,
      sequence: Number(earlier) + 1,
    });
    const result = await send({
      to,
      subject: receipt.subject,
      html: receipt.html,
      text: receipt.text,
      tag: "receipt",
      idempotencyKey: `donation-receipt-${p.paymentId}`,
    });
    if (result.ok) {
      run.sent++;
    } else {
      await db.update(donationPayments).set({ receiptSentAt: null }).where(eq(donationPayments.id, p.paymentId));
      console.error(`Receipt for donation payment ${p.paymentId} was not sent: ${result.message}`);
      // "Email is not configured" is not worth retrying every few seconds: the start-up sweep sends it once it is.
      if (result.reason === "failed") {
        run.failed++;
        run.lastError = result.message;
      }
    }
  }
  return run;
}

/** How far back start-up looks for receipts still owed: older ones are left to the donor's Stripe receipt. */
export const OWED_RECEIPT_DAYS = 30;

/**
 * Sends receipts still owed for recent payments: a send that failed, a gift whose email arrived later, or
 * email switched on after payments came in. Run at start-up, so a failure is not left for the gift's next event.
 */
export async function sendOwedReceipts(db: Db = getDb(), now = new Date()): Promise<number> {
  return (await deliverOwedReceipts(db, now)).sent;
}

/** sendOwedReceipts with the failures counted (the start-up sweep's job). */
export async function deliverOwedReceipts(db: Db = getDb(), now = new Date()): Promise<ReceiptRun> {
  if (!emailEnabled()) return { sent: 0, failed: 0 };
  const since = new Date(now.getTime() - OWED_RECEIPT_DAYS * 24 * 60 * 60 * 1000);
  const owed = await db
    .selectDistinct({ donationId: donationPayments.donationId })
    .from(donationPayments)
    .innerJoin(donations, eq(donations.id, donationPayments.donationId))
    .where(and(isNull(donationPayments.receiptSentAt), isNotNull(donations.email), eq(donationPayments.refundedAmount, 0), gt(donationPayments.paidAt, since)));
  return deliverPendingReceipts(
    owed.map((r) => r.donationId),
    db,
  );
}
