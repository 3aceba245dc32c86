"use client";

import { useActionState } from "react";
import { idleState, type FormState } from "@/lib/forms";

/** A one-button form (withdraw, resume…) whose refusal is shown beside the button, never as an error page. */
export function ActionButton({
  action,
  fields,
  label,
  pendingLabel,
  className = "button-secondary",
}: {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  fields: Record<string, string | number>;
  label: string;
  pendingLabel?: string;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(action, idleState);
  return (
    <form action={formAction} className="inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={className} disabled={pending}>
        {pending && pendingLabel ? pendingLabel : label}
      </button>
      {state.status === "error" && (
        <span role="alert" className="form-error">
          {state.message ?? Object.values(state.fieldErrors ?? {})[0]}
        </span>
      )}
    </form>
  );
}
