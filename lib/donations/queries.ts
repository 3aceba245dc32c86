// Reads for the thanks page, the public supporter count and the admin overview.
import "server-only";
import { stringify } from "csv-stringify/sync";
import { desc, eq, sql } from "drizzle-orm";
import { getDb, rowsOf, type Db } from "../db/client";
import { donationPayments, donations, type DonationStatus } from "../db/schema";
import type { DonationInterval } from "./amounts";

export type DonationProgress =
  { state: "unknown" } | { state: "confirming" | "confirmed" | "failed"; amount: number; currency: string; interval: DonationInterval; received: number };

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

/**
 * What the thanks page shows for a Checkout Session: "confirming" until the webhook has recorded a
 * payment, then "confirmed" with the amount Stripe reported. The browser redirect alone proves nothing.
 */
export async function getDonationProgress(sessionId: string, db: Db = getDb()): Promise<DonationProgress> {
  if (!SESSION_ID.test(sessionId)) return { state: "unknown" };
  const [row] = await db
    .select({
      status: donations.status,
      amount: donations.amount,
      currency: donations.currency,
      interval: donations.interval,
      payments: sql<number>`cast(count(${donationPayments.id}) as integer)`,
      received: sql<number>`cast(coalesce(min(${donationPayments.amount}), 0) as integer)`,
    })
    .from(donations)
    .leftJoin(donationPayments, eq(donationPayments.donationId, donations.id))
    .where(eq(donations.checkoutSessionId, sessionId))
    .groupBy(donations.id);
  if (!row) return { state: "unknown" };
  const base = { amount: row.amount, currency: row.currency, interval: row.interval, received: Number(row.received) || row.amount };
  if (Number(row.payments) > 0 || row.status === "paid" || row.status === "active") return { state: "confirmed", ...base };
  if (row.status === "failed" || row.status === "expired") return { state: "failed", ...base };
  return { state: "confirming", ...base };
}

/** People who have given (by email, or by gift when Stripe gave no email); a real count, never padded. */
export async function countSupporters(db: Db = getDb()): Promise<number> {
  const result = await db.execute(sql`
    select cast(count(distinct coalesce(d.email, 'donation:' || d.id)) as integer) as n
    from ${donations} d
    where exists (select 1 from ${donationPayments} p where p.donation_id = d.id and p.refunded_amount < p.amount)`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

export type AdminDonationRow = {
  id: number;
  createdAt: Date;
  interval: DonationInterval;
  status: DonationStatus;
  amount: number;
  currency: string;
  email: string | null;
  checkoutSessionId: string | null;
  subscriptionId: string | null;
  payments: number;
  received: number;
  refunded: number;
};

export async function listDonations(options: { limit?: number; db?: Db } = {}): Promise<AdminDonationRow[]> {
  const db = options.db ?? getDb();
  const query = db
    .select({
      id: donations.id,
      createdAt: donations.createdAt,
      interval: donations.interval,
      status: donations.status,
      amount: donations.amount,
      currency: donations.currency,
      email: donations.email,
      checkoutSessionId: donations.checkoutSessionId,
      subscriptionId: donations.subscriptionId,
      payments: sql<number>`cast(count(${donationPayments.id}) as integer)`,
      received: sql<number>`cast(coalesce(sum(${donationPayments.amount}), 0) as float8)`,
      refunded: sql<number>`cast(coalesce(sum(${donationPayments.refundedAmount}), 0) as float8)`,
    })
    .from(donations)
    .leftJoin(donationPayments, eq(donationPayments.donationId, donations.id))
    .groupBy(donations.id)
    .orderBy(desc(donations.createdAt), desc(donations.id));
  const rows = options.limit ? await query.limit(options.limit) : await query;
  return rows.map((r) => ({ ...r, payments: Number(r.payments), received: Number(r.received), refunded: Number(r.refunded) }));
}

export type MonthlyTotal = { month: string; currency: string; payments: number; received: number; refunded: number; net: number };

/** Money received per calendar month (UTC) and currency; currencies are never added together. */
export async function donationTotalsByMonth(db: Db = getDb()): Promise<MonthlyTotal[]> {
  const result = await db.execute(sql`
    select to_char(date_trunc('month', p.paid_at at time zone 'UTC'), 'YYYY-MM') as month,
           p.currency,
           cast(count(*) as integer) as payments,
           cast(sum(p.amount) as float8) as received,
           cast(sum(p.refunded_amount) as float8) as refunded
    from ${donationPayments} p
    group by 1, 2
    order by 1 desc, 2`);
  return rowsOf<{ month: string; currency: string; payments: number; received: number; refunded: number }>(result).map((r) => ({
    month: r.month,
    currency: r.currency,
    payments: Number(r.payments),
    received: Number(r.received),
    refunded: Number(r.refunded),
    net: Number(r.received) - Number(r.refunded),
  }));
}

// A cell starting with = + - @ (or a tab/CR) would run as a formula in a spreadsheet: prefix it with '.
const defused = (value: string | number | null): string | number | null => (typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** RFC 4180 CSV (csv-stringify: quoting, CRLF rows), every text cell defused against formula injection first. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return stringify([header, ...rows.map((r) => r.map(defused))], { record_delimiter: "windows", cast: { number: String } });
}

/** Every donation as CSV; amounts in minor units, as stored. */
export async function donationsCsv(db: Db = getDb()): Promise<string> {
  const rows = await listDonations({ db });
  return toCsv(
    [
      "id",
      "created_at",
      "interval",
      "status",
      "currency",
      "amount_minor",
      "payments",
      "received_minor",
      "refunded_minor",
      "email",
      "checkout_session_id",
      "subscription_id",
    ],
    rows.map((r) => [
      r.id,
      r.createdAt.toISOString(),
      r.interval,
      r.status,
      r.currency,
      r.amount,
      r.payments,
      r.received,
      r.refunded,
      r.email,
      r.checkoutSessionId,
      r.subscriptionId,
    ]),
  );
}
