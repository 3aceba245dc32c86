import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/donations/amounts";
import { countSupporters, donationTotalsByMonth, listDonations } from "@/lib/donations/queries";
import { donationsEnabled } from "@/lib/donations/stripe";
import { formatLongDate, formatMonth } from "@/lib/format";
import "@/app/_components/donations.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Donations", robots: { index: false } };

const LIST_LIMIT = 200;

export default async function AdminDonationsPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/admin/donations");
  if (!can(user, "donations:view")) {
    return (
      <div className="message-page">
        <h1>Donations</h1>
        <p role="alert">Only administrators can see donations.</p>
      </div>
    );
  }
  const [totals, rows, supporters] = await Promise.all([donationTotalsByMonth(), listDonations({ limit: LIST_LIMIT }), countSupporters()]);
  return (
    <div className="admin-donations">
      <h1>Donations</h1>
      {!donationsEnabled() && <p className="notice">Donations are not configured on this site (STRIPE_SECRET_KEY is not set); past records are shown below.</p>}
      <p>
        {supporters} {supporters === 1 ? "supporter" : "supporters"} so far. Amounts are what Stripe reported as received; refunds are shown apart.{" "}
        <a href="/admin/donations/export.csv">Download every donation as CSV</a>
      </p>

      <h2 id="totals-heading">Totals by month</h2>
      {totals.length === 0 ? (
        <p>No payments yet.</p>
      ) : (
        <div className="table-scroll">
          <table aria-labelledby="totals-heading">
            <thead>
              <tr>
                <th scope="col">Month (UTC)</th>
                <th scope="col">Currency</th>
                <th scope="col" className="num">
                  Payments
                </th>
                <th scope="col" className="num">
                  Received
                </th>
                <th scope="col" className="num">
                  Refunded
                </th>
                <th scope="col" className="num">
                  Net
                </th>
              </tr>
            </thead>
            <tbody>
              {totals.map((t) => (
                <tr key={`${t.month}-${t.currency}`}>
                  <td>{formatMonth(t.month)}</td>
                  <td>{t.currency.toUpperCase()}</td>
                  <td className="num">{t.payments}</td>
                  <td className="num">{formatMoney(t.received, t.currency)}</td>
                  <td className="num">{formatMoney(t.refunded, t.currency)}</td>
                  <td className="num">{formatMoney(t.net, t.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="list-heading">Donations</h2>
      {rows.length === 0 ? (
        <p>No donations yet.</p>
      ) : (
        <div className="table-scroll">
          <table aria-labelledby="list-heading">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Gift</th>
                <th scope="col">Status</th>
                <th scope="col">Email</th>
                <th scope="col" className="num">
                  Payments
                </th>
                <th scope="col" className="num">
                  Received
                </th>
                <th scope="col" className="num">
                  Refunded
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="donation-row">
                  <td>
                    <time dateTime={r.createdAt.toISOString()}>{formatLongDate(r.createdAt)}</time>
                  </td>
                  <td>
                    {formatMoney(r.amount, r.currency)}
                    {r.interval === "monthly" ? " a month" : " once"}
                  </td>
                  <td>{r.status}</td>
                  <td>{r.email ?? "—"}</td>
                  <td className="num">{r.payments}</td>
                  <td className="num">{formatMoney(r.received, r.currency)}</td>
                  <td className="num">{formatMoney(r.refunded, r.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === LIST_LIMIT && <p>Showing the latest {LIST_LIMIT}; the CSV has them all.</p>}
        </div>
      )}
    </div>
  );
}
