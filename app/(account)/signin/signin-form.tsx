"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import { requestSignInLink } from "./actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(requestSignInLink, idleState);
  const emailError = state.fieldErrors?.email;
  return (
    <form action={action} className="stack-form" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label htmlFor="email">Email address</label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email ?? ""}
        aria-invalid={emailError ? true : undefined}
        aria-describedby={emailError ? "email-error" : undefined}
      />
      {emailError && (
        <p id="email-error" className="field-error">
          {emailError}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Email me a sign-in link"}
      </button>
      {state.message && (
        <p role={state.status === "error" ? "alert" : "status"} className={state.status === "error" ? "form-error" : "form-success"}>
          {state.message}
        </p>
      )}
    </form>
  );
}
