"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import { grantExpertiseAction, updateExpertProfileAction } from "./actions";

type Profile = { userId: string; displayName: string; credential: string; field: string };

const FIELDS = [
  ["displayName", "Name readers see", "Dr Jane Doe"],
  ["credential", "Credential", "PhD, clinical psychology"],
  ["field", "Field", "Couples therapy"],
] as const;

/** Grant a profile (no `profile`: the account is named too) or change one. What was typed comes back with any error. */
export function ProfileForm({ profile }: { profile?: Profile }) {
  const [state, action, pending] = useActionState(profile ? updateExpertProfileAction : grantExpertiseAction, idleState);
  const errors = state.fieldErrors ?? {};
  const prefix = profile ? `expert-${profile.userId}` : "grant";
  const input = (name: string, label: string, placeholder: string, value: string) => (
    <p key={name}>
      <label htmlFor={`${prefix}-${name}`}>{label}</label>{" "}
      <input
        id={`${prefix}-${name}`}
        name={name}
        type="text"
        required
        placeholder={placeholder}
        defaultValue={state.values?.[name] ?? value}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${prefix}-${name}-error` : undefined}
      />
      {errors[name] && (
        <span id={`${prefix}-${name}-error`} className="form-error">
          {" "}
          {errors[name]}
        </span>
      )}
    </p>
  );
  return (
    <form action={action} noValidate>
      {profile ? (
        <input type="hidden" name="userId" value={profile.userId} />
      ) : (
        input("account", "Account (email address or display name)", "someone@example.org", "")
      )}
      {FIELDS.map(([name, label, placeholder]) => input(name, label, placeholder, profile?.[name] ?? ""))}
      {state.status === "error" && state.message && (
        <p role="alert" className="form-error">
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {profile ? "Save changes" : "Grant expert profile"}
      </button>
    </form>
  );
}
