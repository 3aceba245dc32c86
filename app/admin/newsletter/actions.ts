"use server";

import { updateTag } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requirePermission } from "@/lib/auth/guard";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { emailEnabled } from "@/lib/email";
import { fieldErrorsOf, formValues, type FormState } from "@/lib/forms";
import { createIssue, startSend, updateIssue } from "@/lib/newsletter/issues";
import { sendTestIssue } from "@/lib/newsletter/preview";
import { NEWSLETTER_TAG } from "@/lib/newsletter/queries";
import { startSendInBackground } from "@/lib/newsletter/send";

const FIELDS = ["subject", "markdown"];
const idSchema = z.coerce.number({ error: "Unknown issue." }).int().positive();

async function admin() {
  return requirePermission(await getCurrentUser(), "newsletter:manage");
}

export async function createIssueAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await admin();
  const values = formValues(formData, FIELDS);
  const result = await createIssue(getDb(), actor, { subject: values.subject, markdown: values.markdown });
  if (!result.ok) return { status: "error", message: result.message, fieldErrors: result.fieldErrors, values };
  redirect(`/admin/newsletter/${result.id}?saved=1`);
}

/** "Save draft", or "Save and send me a test": the clicked button's value says which. */
export async function saveIssueAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await admin();
  const values = formValues(formData, FIELDS);
  const id = idSchema.safeParse(formData.get("id"));
  if (!id.success) return { status: "error", fieldErrors: fieldErrorsOf(id.error), values };
  const saved = await updateIssue(getDb(), actor, id.data, { subject: values.subject, markdown: values.markdown });
  if (!saved.ok) return { status: "error", message: saved.message, fieldErrors: saved.fieldErrors, values };
  if (formData.get("intent") === "test") {
    const sent = await sendTestIssue(getDb(), actor, id.data);
    if (!sent.ok) {
      return { status: "error", message: sent.reason === "disabled" ? "The draft is saved, but no test was sent: email is not configured on this site." : `The draft is saved, but the test email failed: ${sent.message}`, values };
    }
    redirect(`/admin/newsletter/${id.data}?tested=1`);
  }
  redirect(`/admin/newsletter/${id.data}?saved=1`);
}

const sendSchema = z.object({
  id: idSchema,
  confirm: z.literal("yes", { error: "Tick the box to confirm that you have checked the preview." }),
});

export async function sendIssueAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const actor = await admin();
  const parsed = sendSchema.safeParse({ id: formData.get("id"), confirm: formData.get("confirm") });
  if (!parsed.success) return { status: "error", fieldErrors: fieldErrorsOf(parsed.error) };
  if (!emailEnabled()) return { status: "error", message: "Email is not configured on this site, so the issue cannot be sent." };
  const started = await startSend(getDb(), actor, parsed.data.id);
  if (!started.ok) return { status: "error", message: started.message };
  // The loop outlives this request; a crash leaves it resumable (Resume button, next start-up).
  startSendInBackground(parsed.data.id);
  updateTag(NEWSLETTER_TAG); // the issue is now in the public archive
  redirect(`/admin/newsletter/${parsed.data.id}`);
}

export async function resumeSendAction(formData: FormData): Promise<void> {
  await admin();
  const id = idSchema.parse(formData.get("id"));
  startSendInBackground(id); // joins the loop already running in this process, if there is one
  redirect(`/admin/newsletter/${id}`);
}
