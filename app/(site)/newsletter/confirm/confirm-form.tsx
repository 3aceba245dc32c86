"use client";

import Link from "next/link";
import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import { NEWSLETTER_PHRASE } from "@/lib/newsletter/pitch";
import { confirm } from "../actions";
import "@/app/_components/newsletter.css";

export function ConfirmForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(confirm, idleState);
  return (
    <>
      {/* The heading and the invitation to press the button change once the button has done its work. */}
      <h1>{state.status === "success" ? "Subscription confirmed" : "Confirm your subscription"}</h1>
      {state.status !== "success" && (
        <p>Press the button to start receiving the Attune newsletter: {NEWSLETTER_PHRASE}. You can unsubscribe with one click from any issue.</p>
      )}
      {state.status !== "success" && (
        <form action={action}>
          <input type="hidden" name="token" value={token} />
          <button type="submit" disabled={pending}>
            {pending ? "Confirming…" : "Confirm my subscription"}
          </button>
        </form>
      )}
      <div role="status">
        {state.status === "success" && (
          <div className="newsletter-result">
            <p>{state.message}</p>
            <p>
              Meanwhile, browse <Link href="/newsletter/archive">past issues</Link> or <Link href="/">the encyclopedia</Link>.
            </p>
          </div>
        )}
      </div>
      {state.status === "error" && (
        <div role="alert" className="newsletter-result newsletter-result--error">
          <p>{state.message}</p>
          <p>
            <Link href="/newsletter">Sign up again</Link>
          </p>
        </div>
      )}
    </>
  );
}
