"use client";

import Link from "next/link";
import { useEffect, useState } from "react";

export type ConfirmationView = { state: "confirming" | "confirmed" | "failed"; display: string; interval: "one_time" | "monthly" };

const SLOW_AFTER_MS = 20_000;

/** Shows "confirming…" until the webhook has recorded the payment (asked of /api/donations/status), then the amount. */
export function DonationConfirmation({ sessionId, initial }: { sessionId: string; initial: ConfirmationView }) {
  const [view, setView] = useState(initial);
  const [slow, setSlow] = useState(false);

  useEffect(() => {
    if (view.state !== "confirming") return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const started = Date.now();
    const poll = async (delay: number) => {
      timer = setTimeout(async () => {
        try {
          const response = await fetch(`/api/donations/status?session_id=${encodeURIComponent(sessionId)}`, { cache: "no-store" });
          if (response.ok) {
            const next = (await response.json()) as ConfirmationView;
            if (stopped) return;
            if (next.state !== "confirming") return setView(next);
          }
        } catch {
          // A dropped request is asked again below.
        }
        if (stopped) return;
        const elapsed = Date.now() - started;
        if (elapsed > SLOW_AFTER_MS) setSlow(true);
        void poll(elapsed > SLOW_AFTER_MS ? 10_000 : 1_500);
      }, delay);
    };
    void poll(1_000);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [sessionId, view.state]);

  return (
    <div role="status" aria-live="polite" className="donation-confirmation" data-state={view.state}>
      {view.state === "confirming" && (
        <>
          <p className="donation-confirmation__pending">Confirming your donation…</p>
          <p>Stripe is telling us about your payment; this usually takes a few seconds.</p>
          {slow && (
            <p>
              This is taking longer than usual. Some payment methods take a few days to clear; we will email your receipt as soon as it does. You can close this
              page.
            </p>
          )}
        </>
      )}
      {view.state === "confirmed" && (
        <>
          <p className="donation-confirmation__amount">
            {view.interval === "monthly" ? `Your monthly gift of ${view.display} is set up.` : `We received your gift of ${view.display}.`}
          </p>
          <p>A receipt is on its way to your email.{view.interval === "monthly" ? " It has a link to stop your monthly gift whenever you like." : ""}</p>
        </>
      )}
      {view.state === "failed" && (
        <p>
          Your payment did not go through, so nothing was charged. <Link href="/donate">Try again</Link>
        </p>
      )}
    </div>
  );
}
