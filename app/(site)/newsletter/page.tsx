import type { Metadata } from "next";
import Link from "next/link";
import { NewsletterSignup } from "@/app/_components/newsletter-signup";
import { NEWSLETTER_PITCH } from "@/lib/newsletter/pitch";

// Prerendered by `next build`, which reads no database, so the header's A–Z bar links every letter there; once five
// minutes old the page is rendered again on a request and greys out empty letters like every other page.
export const revalidate = 300;
export const metadata: Metadata = {
  title: "Newsletter",
  description: `${NEWSLETTER_PITCH} From the editors of Attune. Double opt-in, one-click unsubscribe.`,
  alternates: { canonical: "/newsletter" },
};

export default function NewsletterPage() {
  return (
    <div className="prose-page">
      <h1>The Attune newsletter</h1>
      <p className="lede">{NEWSLETTER_PITCH}</p>
      <p>
        Each issue is short and practical: how to write a profile that sounds like you, what to make of confusing early-dating behaviour, and which encyclopedia
        articles are worth reading next. It is written by the same editors who review the articles.
      </p>
      <NewsletterSignup source="page" />
      <h2>What to expect</h2>
      <ul>
        <li>One email to confirm your address. Nothing else arrives until you press the button in it.</li>
        <li>Issues when there is something worth reading, not on a fixed schedule.</li>
        <li>A personal unsubscribe link in every issue: one click, and no more email. You can also erase your address from our list entirely.</li>
        <li>Your address is used for the newsletter only and never shared.</li>
      </ul>
      <p>
        Read <Link href="/newsletter/archive">past issues</Link> first, or see our <Link href="/privacy">privacy notes</Link>.
      </p>
    </div>
  );
}
