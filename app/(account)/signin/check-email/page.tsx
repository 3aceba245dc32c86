import type { Metadata } from "next";

// Prerendered by `next build`, which reads no database, so the header's A–Z bar links every letter there; once five
// minutes old the page is rendered again on a request and greys out empty letters like every other page.
export const revalidate = 300;
export const metadata: Metadata = { title: "Check your email", robots: { index: false } };

export default function CheckEmailPage() {
  return (
    <div className="prose-page">
      <h1>Check your email</h1>
      <p>If the address can receive email, a sign-in link is on its way. It works once, for 15 minutes.</p>
    </div>
  );
}
