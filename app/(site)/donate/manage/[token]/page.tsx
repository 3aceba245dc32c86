import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatMoney } from "@/lib/donations/amounts";
import { getManagedDonation, verifyManageToken } from "@/lib/donations/manage";
import { readParam, tokenParam } from "@/lib/params";
import { BillingPortalForm, StopGiftForm } from "./manage-forms";
import "@/app/_components/donations.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your monthly gift", robots: { index: false }, referrer: "no-referrer" };

const statusText = {
  pending: "waiting for the first payment to be confirmed",
  active: "active",
  failed: "the first payment did not go through",
  expired: "not started",
  paid: "active",
  refunded: "refunded",
  canceled: "stopped",
} as const;

export default async function ManageGiftPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ stopped?: string }> }) {
  const [{ token: raw }, { stopped }] = await Promise.all([params, searchParams]);
  const token = readParam(tokenParam, raw, "encoded");
  if (!token) notFound();
  const donationId = verifyManageToken(token);
  const donation = donationId === null ? null : await getManagedDonation(donationId);
  if (!donation || donation.interval !== "monthly") {
    return (
      <div className="prose-page donate-page">
        <h1>Your monthly gift</h1>
        <p role="alert">This link is not valid. Please use the link in your latest receipt, or reply to that email and we will help.</p>
      </div>
    );
  }
  const money = formatMoney(donation.amount, donation.currency);
  return (
    <div className="prose-page donate-page">
      <h1>Your monthly gift</h1>
      {donation.status === "canceled" ? (
        <p role="status" className="donation-confirmation__amount">
          {stopped ? "Done. " : ""}Your monthly gift of {money} has been stopped. Nothing more will be taken. Thank you for everything you gave.
        </p>
      ) : (
        <>
          <p>
            You give <strong>{money} a month</strong> to Attune. Status: {statusText[donation.status]}.
          </p>
          <p>You can stop at any time. Stopping takes effect at once: no further payments are taken.</p>
          <StopGiftForm token={token} />
          {donation.hasCustomer && (
            <>
              <h2>Change your card</h2>
              <p>Stripe&apos;s billing page lets you change the card and see past payments.</p>
              <BillingPortalForm token={token} />
            </>
          )}
        </>
      )}
      <p>
        <Link href="/">Back to the encyclopedia</Link>
      </p>
    </div>
  );
}
