import type { Metadata } from "next";
import Link from "next/link";

// Prerendered by `next build`, which reads no database, so the header's A–Z bar links every letter there; once five
// minutes old the page is rendered again on a request and greys out empty letters like every other page.
export const revalidate = 300;
export const metadata: Metadata = {
  title: "Privacy",
  description:
    "A plain-language account of what Attune collects from readers, contributors, donors and newsletter subscribers, why, for how long, and how to have it erased.",
};

export default function PrivacyPage() {
  return (
    <div className="prose-page">
      <h1>Privacy</h1>
      <p>
        <em>
          Last updated: <time dateTime="2026-11-25">25 November 2026</time>
        </em>
      </p>
      <p className="lede">
        People often come to Attune while thinking about something private. We collect as little as we can, and this page explains, in plain language, what we
        keep and why.
      </p>

      <section aria-labelledby="readers">
        <h2 id="readers">If you are reading</h2>
        <p>You can read every article without an account, and we do not follow you around the site or the web.</p>
        <ul>
          <li>We use no tracking cookies and no analytics services.</li>
          <li>Public pages set no cookie at all.</li>
          <li>
            Like any web server, ours records basic request logs, which include your IP address. We keep these only briefly, and use them only to protect the
            site against abuse and to apply rate limits.
          </li>
        </ul>
      </section>

      <section aria-labelledby="contributors">
        <h2 id="contributors">If you contribute</h2>
        <p>To propose edits or new articles, you sign in with your email address.</p>
        <ul>
          <li>
            We use your email address only to send you sign-in links and notices about your proposals, such as when a moderator has reviewed one. It is never
            shown on the site.
          </li>
          <li>
            Your display name is shown publicly alongside your revisions, in each article&apos;s history. Choose a name you are comfortable being seen; it does
            not have to be your real one.
          </li>
          <li>Signing in sets the cookies needed to keep you signed in. They are not used to track you.</li>
          <li>
            You can delete your account at any time from <Link href="/me">your account page</Link>. This deletes your account, including your email address and
            display name. Your proposals and revisions stay, because they are part of the articles&apos; public history, but they are then attributed to “former
            contributor”.
          </li>
        </ul>
      </section>

      <section aria-labelledby="donors">
        <h2 id="donors">If you donate</h2>
        <p>Payments are handled by Stripe, a payment processor. Your card details go to Stripe, and Attune never sees or stores your card number.</p>
        <p>For each donation, we keep:</p>
        <ul>
          <li>the amount, the currency and the date;</li>
          <li>your email address, so that we can send you a receipt;</li>
          <li>the identifiers Stripe assigns to the payment, so that we can match our records to theirs.</li>
        </ul>
        <p>Stripe processes your payment under its own privacy policy.</p>
      </section>

      <section aria-labelledby="newsletter">
        <h2 id="newsletter">If you subscribe to the newsletter</h2>
        <ul>
          <li>We keep your email address and whether you have confirmed your subscription.</li>
          <li>Subscriptions are double opt-in: after you sign up, we send a single email asking you to confirm, and we send nothing else until you do.</li>
          <li>Every newsletter contains a link that unsubscribes you in one click.</li>
          <li>
            Unsubscribing stops the emails. If you would also like your address removed from our records entirely, you can erase it from the unsubscribe page.
          </li>
        </ul>
      </section>

      <section aria-labelledby="email-delivery">
        <h2 id="email-delivery">How emails are sent</h2>
        <p>
          Sign-in links, notices about proposals, donation receipts and newsletters are delivered through Resend, an email delivery service. Resend receives
          your email address and the message only so that it can deliver it to you.
        </p>
      </section>

      <section aria-labelledby="not-sold">
        <h2 id="not-sold">We do not sell your data</h2>
        <p>
          We do not sell, rent or trade personal information, and we do not share it with advertisers. The only outside services that handle it are the ones
          named on this page, and only to do the job described.
        </p>
      </section>

      <section aria-labelledby="your-rights">
        <h2 id="your-rights">Asking for a copy or for erasure</h2>
        <p>
          You can ask for a copy of the personal information we hold about you, ask us to correct it, or ask us to erase it. Write to the address below and tell
          us which email address your request concerns. We will reply, and we may ask you to confirm that the address is yours before we act.
        </p>
        <p>
          <a href="mailto:privacy@attune.example">privacy@attune.example</a>
        </p>
      </section>
    </div>
  );
}
