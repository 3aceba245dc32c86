"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import { revertAction } from "./actions";

export function RevertButton({ slug, revisionId }: { slug: string; revisionId: number }) {
  const [state, action, pending] = useActionState(revertAction, idleState);
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="revisionId" value={revisionId} />
      <button type="submit" className="button-secondary" disabled={pending} aria-label={`Revert to revision ${revisionId}`}>
        Revert to this
      </button>
      {state.message && (
        <span role="alert" className="form-error">
          {" "}
          {state.message}
        </span>
      )}
    </form>
  );
}
