"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import { deleteMyAccount } from "../welcome/actions";

export function DeleteAccountForm() {
  const [state, action, pending] = useActionState(deleteMyAccount, idleState);
  const error = state.fieldErrors?.confirm;
  return (
    <form action={action} className="stack-form">
      <label htmlFor="confirm">Type “delete” to delete your account</label>
      <input id="confirm" name="confirm" autoComplete="off" aria-invalid={error ? true : undefined} aria-describedby={error ? "confirm-error" : undefined} />
      {error && (
        <p id="confirm-error" className="field-error">
          {error}
        </p>
      )}
      {state.message && (
        <p role="alert" className="form-error">
          {state.message}
        </p>
      )}
      <button type="submit" className="button-danger" disabled={pending}>
        Delete my account
      </button>
    </form>
  );
}
