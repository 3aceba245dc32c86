"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import { saveDisplayName } from "./actions";

export function DisplayNameForm({ current, next, submitLabel }: { current: string; next?: string; submitLabel: string }) {
  const [state, action, pending] = useActionState(saveDisplayName, idleState);
  const error = state.fieldErrors?.displayName;
  return (
    <form action={action} className="stack-form">
      {next && <input type="hidden" name="next" value={next} />}
      <label htmlFor="displayName">Display name</label>
      <p id="displayName-hint" className="hint">
        Shown beside your edits. It does not have to be your real name.
      </p>
      <input
        id="displayName"
        name="displayName"
        required
        maxLength={40}
        defaultValue={state.values?.displayName ?? current}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "displayName-hint displayName-error" : "displayName-hint"}
      />
      {error && (
        <p id="displayName-error" className="field-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {submitLabel}
      </button>
      {state.message && state.message !== error && (
        <p role={state.status === "error" ? "alert" : "status"} className={state.status === "error" ? "form-error" : "form-success"}>
          {state.message}
        </p>
      )}
    </form>
  );
}
