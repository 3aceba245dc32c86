"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import { createIssueAction, saveIssueAction } from "./actions";
import "@/app/_components/newsletter.css";

type Props = { issue?: { id: number; subject: string; markdown: string } };

/** New issue (no `issue`) or a draft being edited. What was typed comes back with any error. */
export function IssueForm({ issue }: Props) {
  const [state, action, pending] = useActionState(issue ? saveIssueAction : createIssueAction, idleState);
  const subject = state.values?.subject ?? issue?.subject ?? "";
  const markdown = state.values?.markdown ?? issue?.markdown ?? "";
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="nl-form" noValidate>
      {issue && <input type="hidden" name="id" value={issue.id} />}
      <label htmlFor="nl-subject">Subject</label>
      <input
        id="nl-subject"
        name="subject"
        type="text"
        required
        maxLength={150}
        defaultValue={subject}
        aria-invalid={errors.subject ? true : undefined}
        aria-describedby={errors.subject ? "nl-subject-error" : undefined}
      />
      {errors.subject && (
        <p id="nl-subject-error" className="nl-error">
          {errors.subject}
        </p>
      )}
      <label htmlFor="nl-markdown">Text (Markdown)</label>
      <textarea
        id="nl-markdown"
        name="markdown"
        required
        defaultValue={markdown}
        aria-invalid={errors.markdown ? true : undefined}
        aria-describedby={errors.markdown ? "nl-markdown-hint nl-markdown-error" : "nl-markdown-hint"}
      />
      <p id="nl-markdown-hint" className="nl-hint">
        Headings (##), lists, **bold**, *italic* and [links](/wiki/ghosting). Links to the site may start with /. Raw HTML is not rendered.
      </p>
      {errors.markdown && (
        <p id="nl-markdown-error" className="nl-error">
          {errors.markdown}
        </p>
      )}
      {state.status === "error" && state.message && (
        <p role="alert" className="nl-error">
          {state.message}
        </p>
      )}
      <div className="nl-buttons">
        {issue ? (
          <>
            <button type="submit" name="intent" value="save" disabled={pending}>
              {pending ? "Saving…" : "Save draft and preview"}
            </button>
            <button type="submit" name="intent" value="test" className="button-secondary" disabled={pending}>
              Save and send me a test
            </button>
          </>
        ) : (
          <button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create draft"}
          </button>
        )}
      </div>
    </form>
  );
}
