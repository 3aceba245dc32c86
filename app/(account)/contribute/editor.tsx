"use client";

import "./zod-jitless"; // first: it must run before lib/articles/source.ts builds its schemas
import { useRouter } from "next/navigation";
import { Fragment, useActionState, useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import {
  emptySourceRow,
  fieldsFromDraft,
  fieldsToSource,
  otherNameInputKeys,
  type EditorFields,
  type InfoRow,
  type MediaRow,
  type SourceRow,
} from "@/lib/articles/editor-model";
import {
  articleFields,
  fieldKeys,
  mediaGroupLabels,
  mediaGroups,
  sourceParts,
  sourcePartKeys,
  termTypeLabels,
  UNGRADED_LABEL,
  UNTYPED_KEY,
  type KeysWithControl,
} from "@/lib/articles/fields";
import { sourceSizeProblem } from "@/lib/articles/source";
import { formatDateTime } from "@/lib/format";
import { previewDraft, submitEditor, type EditorState } from "./actions";

type Props = {
  mode: "edit" | "new" | "resubmit";
  initial: EditorFields;
  articleSlug?: string;
  baseRevisionId?: number;
  proposalId?: number;
  initialEditSummary?: string;
  /** Where the draft is kept in this browser until it is submitted. */
  draftKey: string;
  /** MAX_SOURCE_KB: a longer text is refused here, before it is sent, with the same words the server would use. */
  maxSourceKb: number;
};

type LineKey = KeysWithControl<"text" | "list">;
type CheckboxKey = KeysWithControl<"checkbox">;

type Draft = { fields: EditorFields; editSummary: string; savedAt: string };

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {children(describedBy)}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function ArticleEditor({ mode, initial, articleSlug, baseRevisionId, proposalId, initialEditSummary = "", draftKey, maxSourceKb }: Props) {
  const router = useRouter();
  const [fields, setFields] = useState<EditorFields>(initial);
  const [editSummary, setEditSummary] = useState(initialEditSummary);
  const [restorable, setRestorable] = useState<Draft | null>(null);
  const [state, action, pending] = useActionState<EditorState, FormData>(submitEditor, { status: "idle" });
  const [preview, setPreview] = useState<ReactNode>(null);
  const [previewErrors, setPreviewErrors] = useState<string[]>([]);
  const [previewing, startPreview] = useTransition();
  const loaded = useRef(false);
  const [sizeError, setSizeError] = useState<string | null>(null);
  const errors = sizeError ? { ...state.fieldErrors, source: sizeError } : (state.fieldErrors ?? {});
  const source = fieldsToSource(fields);
  const tooLong = () => {
    const problem = sourceSizeProblem(source, maxSourceKb);
    const message = problem ? `${problem} Nothing was sent; your text is still here.` : null;
    setSizeError(message);
    return message;
  };

  // Offer to restore a draft this browser kept (a crash or a closed tab loses nothing).
  useEffect(() => {
    try {
      const saved = localStorage.getItem(draftKey);
      if (saved) {
        const draft = JSON.parse(saved) as Draft;
        const differs = fieldsToSource(fieldsFromDraft(draft.fields)) !== fieldsToSource(initial) || draft.editSummary !== initialEditSummary;
        // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage can only be read after mount
        if (differs) setRestorable(draft);
      }
    } catch {
      /* storage unavailable: nothing to restore */
    }
    loaded.current = true;
  }, [draftKey, initial, initialEditSummary]);

  // Saved on every change (small and fast), so even a reload a moment after typing loses nothing.
  useEffect(() => {
    if (!loaded.current || restorable) return;
    try {
      localStorage.setItem(draftKey, JSON.stringify({ fields, editSummary, savedAt: new Date().toISOString() } satisfies Draft));
    } catch {
      /* storage full or unavailable */
    }
  }, [fields, editSummary, draftKey, restorable]);

  useEffect(() => {
    if (state.status === "success" && state.redirectTo) {
      localStorage.removeItem(draftKey);
      router.push(state.redirectTo);
    }
  }, [state, draftKey, router]);

  const set = <K extends keyof EditorFields>(key: K, value: EditorFields[K]) => setFields((f) => ({ ...f, [key]: value }));
  const updateRow = <K extends "infobox" | "media" | "sources">(key: K, index: number, patch: Partial<EditorFields[K][number]>) =>
    setFields((f) => ({ ...f, [key]: (f[key] as EditorFields[K][number][]).map((r, i) => (i === index ? { ...r, ...patch } : r)) }));
  const removeRow = (key: "infobox" | "media" | "sources", index: number) =>
    setFields((f) => ({ ...f, [key]: (f[key] as unknown[]).filter((_, i) => i !== index) }));

  const text = (key: LineKey | "figureSrc" | "figureAlt" | "figureCaption", label: string, hint?: string, errorKey: string = key) => (
    <Field id={`f-${key}`} label={label} hint={hint} error={errors[errorKey]}>
      {(d) => (
        <input
          id={`f-${key}`}
          value={fields[key]}
          onChange={(e) => set(key, e.target.value)}
          aria-describedby={d}
          aria-invalid={errors[errorKey] ? true : undefined}
        />
      )}
    </Field>
  );

  return (
    <div className="editor">
      {restorable && (
        <div className="notice" role="region" aria-label="Unsaved draft">
          <p>This browser kept an unsaved draft from {formatDateTime(restorable.savedAt)}.</p>
          <button
            type="button"
            onClick={() => {
              setFields(fieldsFromDraft(restorable.fields));
              setEditSummary(restorable.editSummary);
              setRestorable(null);
            }}
          >
            Restore my draft
          </button>{" "}
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              localStorage.removeItem(draftKey);
              setRestorable(null);
            }}
          >
            Discard it
          </button>
        </div>
      )}
      <form action={(formData) => (tooLong() ? undefined : action(formData))} className="editor-form" noValidate>
        <input type="hidden" name="mode" value={mode} />
        {articleSlug && <input type="hidden" name="articleSlug" value={articleSlug} />}
        {baseRevisionId && <input type="hidden" name="baseRevisionId" value={baseRevisionId} />}
        {proposalId && <input type="hidden" name="proposalId" value={proposalId} />}
        <input type="hidden" name="source" value={source} />

        {state.status === "error" && state.message && (
          <p role="alert" className="form-error">
            {state.message}
          </p>
        )}

        <fieldset>
          <legend>About the article</legend>
          {/* Every one-line field and checkbox as fields.ts declares it (label, hint), in its order. */}
          {fieldKeys.map((key) => {
            const { label, editor } = articleFields[key];
            if (editor.control === "text" || editor.control === "list")
              return <Fragment key={key}>{text(key as LineKey, label, "hint" in editor ? editor.hint : undefined)}</Fragment>;
            if (editor.control === "checkbox")
              return (
                <div key={key} className="field">
                  <label>
                    <input type="checkbox" checked={fields[key as CheckboxKey]} onChange={(e) => set(key as CheckboxKey, e.target.checked)} /> {editor.label}
                  </label>
                </div>
              );
            return null;
          })}
        </fieldset>

        <fieldset aria-describedby={`f-aliases-hint${errors.aliases ? " f-aliases-error" : ""}`} className={errors.aliases ? "field--error" : undefined}>
          <legend>{articleFields.aliases.label}</legend>
          <p id="f-aliases-hint" className="hint">
            {articleFields.aliases.editor.hint}
          </p>
          {/* One line per kind of name, labelled as fields.ts declares them; the first holds names without a kind. */}
          {otherNameInputKeys.map((k) => (
            <div key={k} className="field">
              <label htmlFor={`f-aliases-${k}`}>{k === UNTYPED_KEY ? "Other names (no particular kind)" : termTypeLabels[k].many}</label>
              <input
                id={`f-aliases-${k}`}
                value={fields.aliases[k]}
                onChange={(e) => set("aliases", { ...fields.aliases, [k]: e.target.value })}
                aria-invalid={errors.aliases ? true : undefined}
              />
            </div>
          ))}
          {errors.aliases && (
            <p id="f-aliases-error" className="field-error">
              {errors.aliases}
            </p>
          )}
        </fieldset>

        <fieldset>
          <legend>Infobox</legend>
          {errors.infobox && <p className="field-error">{errors.infobox}</p>}
          {fields.infobox.map((row: InfoRow, i) => (
            <div key={i} className="row-fields">
              <label>
                Label <input value={row.label} onChange={(e) => updateRow("infobox", i, { label: e.target.value })} />
              </label>
              <label>
                Value <input value={row.value} onChange={(e) => updateRow("infobox", i, { value: e.target.value })} />
              </label>
              <button type="button" className="button-secondary" onClick={() => removeRow("infobox", i)} aria-label={`Remove infobox row ${i + 1}`}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="button-secondary" onClick={() => set("infobox", [...fields.infobox, { label: "", value: "" }])}>
            Add an infobox row
          </button>
        </fieldset>

        <fieldset>
          <legend>Figure</legend>
          {errors.figure && <p className="field-error">{errors.figure}</p>}
          {text("figureSrc", "Image address", "A path on this site such as /figures/jealousy.svg, or an https:// address.", "figure")}
          {text("figureAlt", "Alt text", "What the image shows, for people who cannot see it.", "figure")}
          {text("figureCaption", "Caption", undefined, "figure")}
        </fieldset>

        <fieldset>
          <legend>Text</legend>
          <Field
            id="f-body"
            label="Article text (Markdown)"
            hint="Start with a lead paragraph. ## makes a section, ### a sub-section; a “## FAQs” section holds ### questions and their answers. HTML is not allowed."
            error={errors.body ?? errors.source}
          >
            {(d) => (
              <textarea
                id="f-body"
                rows={22}
                value={fields.body}
                onChange={(e) => set("body", e.target.value)}
                aria-describedby={d}
                aria-invalid={errors.body || errors.source ? true : undefined}
              />
            )}
          </Field>
        </fieldset>

        <fieldset>
          <legend>Media depictions</legend>
          {errors.media && <p className="field-error">{errors.media}</p>}
          {fields.media.map((row: MediaRow, i) => (
            <div key={i} className="row-fields">
              <label>
                Kind{" "}
                <select value={row.group} onChange={(e) => updateRow("media", i, { group: e.target.value as MediaRow["group"] })}>
                  {mediaGroups.map((g) => (
                    <option key={g} value={g}>
                      {mediaGroupLabels[g]}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Title <input value={row.title} onChange={(e) => updateRow("media", i, { title: e.target.value })} />
              </label>
              <label>
                Year <input value={row.year} inputMode="numeric" size={9} onChange={(e) => updateRow("media", i, { year: e.target.value })} />
              </label>
              <label>
                Note <input value={row.note} onChange={(e) => updateRow("media", i, { note: e.target.value })} />
              </label>
              <button type="button" className="button-secondary" onClick={() => removeRow("media", i)} aria-label={`Remove media depiction ${i + 1}`}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="button-secondary" onClick={() => set("media", [...fields.media, { group: "film", title: "", year: "", note: "" }])}>
            Add a depiction
          </button>
        </fieldset>

        <fieldset>
          <legend>Sources</legend>
          {errors.sources && <p className="field-error">{errors.sources}</p>}
          {fields.sources.map((row: SourceRow, i) => (
            <div key={i} className="row-fields row-fields--wide">
              {/* Every part of a source as fields.ts declares it (label, control), in its order. */}
              {sourcePartKeys.map((k) => {
                const { label, editor } = sourceParts[k];
                const onChange = (e: { target: { value: string } }) => updateRow("sources", i, { [k]: e.target.value });
                return (
                  <label key={k}>
                    {label}{" "}
                    {editor.control === "select" ? (
                      <select value={row[k]} onChange={onChange}>
                        <option value="">{UNGRADED_LABEL}</option>
                        {editor.options.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        value={row[k]}
                        onChange={onChange}
                        {...(editor.control === "number" ? { inputMode: "numeric" as const, size: 9 } : {})}
                        {...("hint" in sourceParts[k] ? { title: (sourceParts[k] as { hint: string }).hint } : {})}
                      />
                    )}
                  </label>
                );
              })}
              <button type="button" className="button-secondary" onClick={() => removeRow("sources", i)} aria-label={`Remove source ${i + 1}`}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className="button-secondary" onClick={() => set("sources", [...fields.sources, { ...emptySourceRow }])}>
            Add a source
          </button>
        </fieldset>

        <fieldset>
          <legend>Submit for review</legend>
          <Field id="f-editSummary" label="Edit summary" hint="What you changed and why, in a few words." error={errors.editSummary}>
            {(d) => (
              <input
                id="f-editSummary"
                name="editSummary"
                value={editSummary}
                onChange={(e) => setEditSummary(e.target.value)}
                aria-describedby={d}
                aria-invalid={errors.editSummary ? true : undefined}
              />
            )}
          </Field>
          <div className={`field${errors.acceptLicence ? " field--error" : ""}`}>
            <label>
              <input type="checkbox" name="acceptLicence" aria-describedby={errors.acceptLicence ? "f-licence-error" : undefined} /> I publish my contribution
              under the{" "}
              <a href="/licence" target="_blank">
                CC BY-SA 4.0 licence
              </a>
              .
            </label>
            {errors.acceptLicence && (
              <p id="f-licence-error" className="field-error">
                {errors.acceptLicence}
              </p>
            )}
          </div>
          <div className="editor-actions">
            <button
              type="button"
              className="button-secondary"
              disabled={previewing}
              onClick={() =>
                startPreview(async () => {
                  const long = tooLong();
                  if (long) {
                    setPreviewErrors([long]);
                    setPreview(null);
                    return;
                  }
                  const result = await previewDraft(source);
                  setPreviewErrors(result.ok ? [] : result.errors);
                  setPreview(result.ok ? result.node : null);
                })
              }
            >
              {previewing ? "Rendering…" : "Preview"}
            </button>
            <button type="submit" disabled={pending}>
              {pending ? "Submitting…" : mode === "resubmit" ? "Resubmit for review" : "Submit for review"}
            </button>
          </div>
          {state.status === "success" && (
            <p role="status" className="form-success">
              {state.message}
            </p>
          )}
        </fieldset>
      </form>
      {(preview || previewErrors.length > 0) && (
        <section aria-label="Preview" className="editor-preview">
          <h2>Preview</h2>
          {previewErrors.length > 0 ? (
            <ul role="alert" className="form-error">
              {previewErrors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : (
            preview
          )}
        </section>
      )}
    </div>
  );
}
