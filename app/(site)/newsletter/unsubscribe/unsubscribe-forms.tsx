"use client";

import Link from "next/link";
import { useActionState } from "react";
import { idleState, type FormState } from "@/lib/forms";
import { erase, unsubscribe } from "../actions";
import "@/app/_components/newsletter.css";

function Result({ state }: { state: FormState }) {
  if (state.status === "error") {
    return (
      <div role="alert" className="newsletter-result newsletter-result--error">
        <p>{state.message}</p>
      </div>
    );
  }
  return null;
}

export function UnsubscribeForms({ token }: { token: string }) {
  const [unsubscribed, unsubscribeAction, unsubscribing] = useActionState(unsubscribe, idleState);
  const [erased, eraseAction, erasing] = useActionState(erase, idleState);
  const done = erased.status === "success" ? erased : unsubscribed.status === "success" ? unsubscribed : null;
  return (
    <>
      <div role="status">
        {done && (
          <div className="newsletter-result">
            <p>{done.message}</p>
            <p>
              Changed your mind? <Link href="/newsletter">Subscribe again</Link> at any time.
            </p>
          </div>
        )}
      </div>
      <Result state={unsubscribed} />
      <Result state={erased} />
      {erased.status !== "success" && (
        <div className="newsletter-actions">
          {unsubscribed.status !== "success" && (
            <form action={unsubscribeAction}>
              <input type="hidden" name="token" value={token} />
              <button type="submit" disabled={unsubscribing || erasing}>
                {unsubscribing ? "Unsubscribing…" : "Unsubscribe"}
              </button>
            </form>
          )}
          <form action={eraseAction}>
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="button-secondary" disabled={unsubscribing || erasing}>
              {erasing ? "Erasing…" : "Erase my address"}
            </button>
          </form>
        </div>
      )}
    </>
  );
}
