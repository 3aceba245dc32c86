"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import { openBillingPortal, stopMonthlyGift } from "../../actions";

export function StopGiftForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(stopMonthlyGift, idleState);
  return (
    <form action={action}>
      <input type="hidden" name="token" value={token} />
      <button type="submit" disabled={pending}>
        {pending ? "Stopping…" : "Stop my monthly gift"}
      </button>
      {state.message && (
        <p role="alert" className="form-error">
          {state.message}
        </p>
      )}
    </form>
  );
}

export function BillingPortalForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(openBillingPortal, idleState);
  return (
    <form action={action}>
      <input type="hidden" name="token" value={token} />
      <button type="submit" className="button-secondary" disabled={pending}>
        {pending ? "Opening…" : "Open Stripe's billing page"}
      </button>
      {state.message && (
        <p role="alert" className="form-error">
          {state.message}
        </p>
      )}
    </form>
  );
}
