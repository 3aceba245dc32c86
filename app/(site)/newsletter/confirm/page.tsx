import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmForm } from "./confirm-form";

export const metadata: Metadata = { title: "Confirm your subscription", robots: { index: false } };

// The emailed link lands here and changes nothing by itself: only the button confirms, so a mail scanner
// that follows links cannot subscribe anyone.
export default async function ConfirmSubscriptionPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  if (typeof token !== "string" || token === "") {
    return (
      <div className="prose-page">
        <h1>This link is incomplete</h1>
        <p>
          Open the link from your confirmation email again, or <Link href="/newsletter">sign up again</Link> for a new one.
        </p>
      </div>
    );
  }
  return (
    <div className="prose-page">
      <ConfirmForm token={token} />
    </div>
  );
}
