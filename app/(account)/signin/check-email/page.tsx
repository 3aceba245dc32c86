import type { Metadata } from "next";

export const metadata: Metadata = { title: "Check your email", robots: { index: false } };

export default function CheckEmailPage() {
  return (
    <div className="prose-page">
      <h1>Check your email</h1>
      <p>If the address can receive email, a sign-in link is on its way. It works once, for 15 minutes.</p>
    </div>
  );
}
