"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import { sendIssueAction } from "./actions";

export function SendForm({ issueId, confirmed }: { issueId: number; confirmed: number }) {
  const [state, action, pending] = useActionState(sendIssueAction, idleState);
  const error = state.fieldErrors?.confirm;
  const recipients = `${confirmed} confirmed subscriber${confirmed === 1 ? "" : "s"}`;
  return (
    <form action={action} className="nl-send" noValidate>
      <h2>Send</h2>
      <input type="hidden" name="id" value={issueId} />
      <label>
        <input type="checkbox" name="confirm" value="yes" aria-invalid={error ? true : undefined} aria-describedby={error ? "nl-confirm-error" : undefined} />
        <span>I have checked the preview. Send this issue to {recipients} now; it cannot be changed afterwards.</span>
      </label>
      {error && (
        <p id="nl-confirm-error" className="nl-error">
          {error}
        </p>
      )}
      {state.status === "error" && state.message && (
        <p role="alert" className="nl-error">
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Starting…" : `Send to ${recipients}`}
      </button>
    </form>
  );
}
