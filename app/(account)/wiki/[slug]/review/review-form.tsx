"use client";

import { useActionState } from "react";
import { formatCount } from "@/lib/format";
import { idleState } from "@/lib/forms";
import { markReviewedAction } from "./actions";

/** The note and the revision it is about: a form opened on an older revision is refused, never applied to another text. */
export function ReviewForm({ slug, revisionId, maxLength }: { slug: string; revisionId: number; maxLength: number }) {
  const [state, action, pending] = useActionState(markReviewedAction, idleState);
  const error = state.fieldErrors?.note;
  return (
    <form action={action} noValidate>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="revisionId" value={revisionId} />
      <label htmlFor="review-note">Review note (what you checked, shown to readers on request)</label>
      <textarea
        id="review-note"
        name="note"
        rows={5}
        maxLength={maxLength}
        required
        defaultValue={state.values?.note ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "review-note-error" : "review-note-hint"}
      />
      <p id="review-note-hint" className="form-hint">
        Up to {formatCount(maxLength, "character")}.
      </p>
      {error && (
        <p id="review-note-error" role="alert" className="form-error">
          {error}
        </p>
      )}
      {state.status === "error" && state.message && !error && (
        <p role="alert" className="form-error">
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : `Mark revision ${revisionId} reviewed`}
      </button>
    </form>
  );
}
