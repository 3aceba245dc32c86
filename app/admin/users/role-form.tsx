"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import type { Role } from "@/lib/db/schema/auth";
import { changeRoleAction } from "./actions";

/** One account's role: a refusal is said beside its own row, and the choice made stays selected. */
export function RoleForm({ userId, name, role, roles }: { userId: string; name: string; role: Role; roles: readonly Role[] }) {
  const [state, action, pending] = useActionState(changeRoleAction, idleState);
  const errorId = `role-error-${userId}`;
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="userId" value={userId} />
      <label className="visually-hidden" htmlFor={`role-${userId}`}>
        Role of {name}
      </label>
      <select
        id={`role-${userId}`}
        name="role"
        defaultValue={role}
        aria-invalid={state.status === "error" || undefined}
        aria-describedby={state.message ? errorId : undefined}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>{" "}
      <button type="submit" className="button-secondary" disabled={pending}>
        Save
      </button>
      {state.message && (
        <span role="alert" id={errorId} className="form-error">
          {" "}
          {state.fieldErrors?.role ?? state.message}
        </span>
      )}
    </form>
  );
}
