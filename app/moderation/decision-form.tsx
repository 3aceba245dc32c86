"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import { decideProposal } from "./actions";

export function DecisionForm({ proposalId, canClaim }: { proposalId: number; canClaim: boolean }) {
  const [state, action, pending] = useActionState(decideProposal, idleState);
  // Said once: beside the note when it is the note's own problem, else in the form's alert.
  const noteError = state.fieldErrors?.note !== state.message ? state.fieldErrors?.note : undefined;
  return (
    <form action={action} className="stack-form decision-form">
      <input type="hidden" name="proposalId" value={proposalId} />
      {state.message && (
        <p role="alert" className="form-error">
          {state.message}
        </p>
      )}
      <label htmlFor="note">Note to the author (required to reject or request changes)</label>
      <textarea
        id="note"
        name="note"
        rows={4}
        defaultValue={state.values?.note ?? ""}
        aria-invalid={state.fieldErrors?.note ? true : undefined}
        aria-describedby={noteError ? "note-error" : undefined}
      />
      {noteError && (
        <p id="note-error" className="field-error">
          {noteError}
        </p>
      )}
      <div className="editor-actions">
        {canClaim && (
          <button type="submit" name="decision" value="claim" className="button-secondary" disabled={pending}>
            Claim for review
          </button>
        )}
        <button type="submit" name="decision" value="approve" disabled={pending}>
          Approve and publish
        </button>
        <button type="submit" name="decision" value="changes" className="button-secondary" disabled={pending}>
          Request changes
        </button>
        <button type="submit" name="decision" value="reject" className="button-danger" disabled={pending}>
          Reject
        </button>
      </div>
    </form>
  );
}
