import type { Metadata } from "next";
import Link from "next/link";
import { countSupporters } from "@/lib/donations/queries";
import { DONATIONS_NOT_CONFIGURED, donationsEnabled, donationSettings } from "@/lib/donations/stripe";
import { DonationForm } from "./donation-form";
import "@/app/_components/donations.css";

// Reads the environment and the supporter count at request time; nothing here is built into the page.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Make a Contribution",
  description: "Attune is free to read, with no ads. Readers keep it that way: give once or every month.",
  alternates: { canonical: "/donate" },
};

export default async function DonatePage({ searchParams }: { searchParams: Promise<{ canceled?: string }> }) {
  const { canceled } = await searchParams;
  const enabled = donationsEnabled();
  const supporters = enabled ? await countSupporters() : 0;
  return (
    <div className="prose-page donate-page">
      <h1>Make a Contribution</h1>
      <p className="lede">Attune is free to read, with no ads and no paywall. Readers keep it that way.</p>
      <p>
        Your gift pays for hosting and for the editors who review every change to every article. Give once, or every month; a monthly gift can be stopped at any
        time from the link in your receipt.
      </p>
      {supporters > 0 && (
        <p className="donate-page__supporters">{supporters === 1 ? "One reader has" : `${supporters.toLocaleString("en")} readers have`} given so far.</p>
      )}
      {canceled && (
        <p role="status" className="notice">
          You left the payment page, so nothing was charged. You can try again below.
        </p>
      )}
      {enabled ? (
        <section aria-labelledby="donate-form-heading" className="donation-panel">
          <h2 id="donate-form-heading">Your gift</h2>
          <DonationForm settings={donationSettings()} />
        </section>
      ) : (
        <p role="status" className="notice">
          {DONATIONS_NOT_CONFIGURED}
        </p>
      )}
      <p>
        Payments go through Stripe: Attune never sees your card. Read our <Link href="/privacy">privacy notice</Link>.
      </p>
    </div>
  );
}
