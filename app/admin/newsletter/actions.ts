"use server";

import { z } from "zod";
import { formAction } from "@/lib/actions";
import { requirePermission } from "@/lib/auth/guard";
import { getDb } from "@/lib/db/client";
import { emailEnabled } from "@/lib/email";
import { AppError } from "@/lib/errors";
import { createIssue, startSend, updateIssue } from "@/lib/newsletter/issues";
import { sendTestIssue } from "@/lib/newsletter/preview";
import { NEWSLETTER_TAG } from "@/lib/newsletter/queries";
import { resumeSend } from "@/lib/newsletter/send";

const FIELDS = ["subject", "markdown"] as const;
const idSchema = z.coerce.number({ error: "Unknown issue." }).int("Unknown issue.").positive("Unknown issue.");
const issueFields = { subject: z.string().default(""), markdown: z.string().default("") };

export const createIssueAction = formAction({
  schema: z.object(issueFields),
  keep: FIELDS,
  run: async (input, { actor }) => {
    const { id } = await createIssue(getDb(), actor, input);
    return { redirectTo: `/admin/newsletter/${id}?saved=1` };
  },
});

/** "Save draft", or "Save and send me a test": the clicked button's value says which. */
export const saveIssueAction = formAction({
  schema: z.object({ id: idSchema, intent: z.enum(["save", "test"]).default("save"), ...issueFields }),
  keep: FIELDS,
  run: async ({ id, intent, subject, markdown }, { actor }) => {
    await updateIssue(getDb(), actor, id, { subject, markdown });
    if (intent !== "test") return { redirectTo: `/admin/newsletter/${id}?saved=1` };
    await sendTestIssue(getDb(), actor, id);
    return { redirectTo: `/admin/newsletter/${id}?tested=1` };
  },
});

export const sendIssueAction = formAction({
  schema: z.object({ id: idSchema, confirm: z.literal("yes", { error: "Tick the box to confirm that you have checked the preview." }) }),
  run: async ({ id }, { actor }) => {
    requirePermission(actor, "newsletter:manage");
    if (!emailEnabled()) throw new AppError("unavailable", "Email is not configured on this site, so the issue cannot be sent.");
    await startSend(getDb(), actor, id);
    // startSend enqueued the send's job with the status change: any instance's worker sends it, and another takes over after a crash.
    return { tags: [NEWSLETTER_TAG], redirectTo: `/admin/newsletter/${id}` }; // the issue is now in the public archive
  },
});

export const resumeSendAction = formAction({
  schema: z.object({ id: idSchema }),
  run: async ({ id }, { actor }) => {
    requirePermission(actor, "newsletter:manage");
    if (!(await resumeSend(getDb(), id))) throw new AppError("conflict", "This issue is not being sent, so there is nothing to resume.");
    return { redirectTo: `/admin/newsletter/${id}` };
  },
});
