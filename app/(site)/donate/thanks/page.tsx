import type { Metadata } from "next";
import Link from "next/link";
import { formatMoney } from "@/lib/donations/amounts";
import { getDonationProgress } from "@/lib/donations/queries";
import { DonationConfirmation } from "./confirmation";
import "@/app/_components/donations.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Thank you", robots: { index: false } };

// Only the webhook records a payment; this page reports what it has recorded, so arriving here proves nothing.
export default async function ThanksPage({ searchParams }: { searchParams: Promise<{ session_id?: string }> }) {
  const { session_id: sessionId = "" } = await searchParams;
  const progress = await getDonationProgress(sessionId);
  return (
    <div className="prose-page donate-page">
      <h1>Thank you</h1>
      {progress.state === "unknown" ? (
        <p role="status">
          We could not find this payment. If you were charged, a receipt is on its way by email. You can also <Link href="/donate">start again</Link>.
        </p>
      ) : (
        <DonationConfirmation
          sessionId={sessionId}
          initial={{ state: progress.state, display: formatMoney(progress.received, progress.currency), interval: progress.interval }}
        />
      )}
      <p>
        <Link href="/">Back to the encyclopedia</Link>
      </p>
    </div>
  );
}
