"use client";

import Link from "next/link";
import { useActionState, useId } from "react";
import { subscribe } from "@/app/(site)/newsletter/actions";
import { idleState } from "@/lib/forms";
import { NEWSLETTER_PITCH } from "@/lib/newsletter/pitch";
import "./newsletter.css";

// The same HTML for everyone (it sits in the footer of every cached page): the answer comes from the server action.
export function NewsletterSignup({ source }: { source: "footer" | "article" | "page" }) {
  // The permalink is where a form sent before the page's script has loaded goes (and the form's action attribute,
  // which would otherwise be rendered empty: invalid HTML).
  const [state, action, pending] = useActionState(subscribe, idleState, "/newsletter");
  const id = useId();
  const headingId = `${id}-heading`;
  const emailId = `${id}-email`;
  const errorId = `${id}-error`;
  const emailError = state.fieldErrors?.email;
  return (
    <section className={`newsletter-signup newsletter-signup--${source}`} aria-labelledby={headingId}>
      <h2 id={headingId} className="newsletter-signup__title">
        {source === "page" ? "Sign up" : "Newsletter"}
      </h2>
      <p className="newsletter-signup__pitch">{NEWSLETTER_PITCH}</p>
      <form action={action} className="newsletter-signup__form" noValidate>
        <input type="hidden" name="source" value={source} />
        {/* Worded "e-mail" so it never shares a label with the site's other email fields (sign-in, donations). */}
        <label htmlFor={emailId}>Your e-mail address</label>
        <div className="newsletter-signup__row">
          <input
            id={emailId}
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            defaultValue={state.values?.email ?? ""}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? errorId : undefined}
          />
          <button type="submit" disabled={pending}>
            {pending ? "Subscribing…" : "Subscribe"}
          </button>
        </div>
        {emailError && (
          <p id={errorId} className="newsletter-signup__error">
            {emailError}
          </p>
        )}
      </form>
      {/* Rendered only with a message: this box is on every page, beside other forms' own status lines. */}
      {state.status === "success" && (
        <p role="status" className="newsletter-signup__status">
          {state.message}
        </p>
      )}
      {state.status === "error" && state.message && (
        <p role="alert" className="newsletter-signup__error">
          {state.message}
        </p>
      )}
      <p className="newsletter-signup__small">
        We email once to confirm; every issue has a one-click unsubscribe link. <Link href="/newsletter/archive">Past issues</Link>
      </p>
    </section>
  );
}
