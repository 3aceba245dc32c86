// "Make a Contribution" in the article sidebar, only where donations work (STRIPE_SECRET_KEY set). The same HTML for
// every reader (no cookies, no per-user data), so article pages stay cached; the form's server action decides the amount.
import { DonationForm } from "@/app/(site)/donate/donation-form";
import { donationsEnabled, donationSettings } from "@/lib/donations/stripe";
import "./donations.css";

export function DonationBox() {
  if (!donationsEnabled()) return null;
  return (
    <section className="donation-box" aria-labelledby="donation-box-heading">
      <h2 id="donation-box-heading">Make a Contribution</h2>
      <p>Attune is free to read, with no ads. Readers keep it that way.</p>
      <DonationForm settings={donationSettings()} compact />
    </section>
  );
}
