"use server";

import { z } from "zod";
import { ArticleView } from "@/app/_components/article-view";
import { getCurrentUser } from "@/lib/auth/session";
import { renderDraft } from "@/lib/articles/view";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { FormState } from "@/lib/forms";
import { resubmitProposal, submitProposal, withdrawProposal } from "@/lib/moderation/proposals";
import { redirect } from "next/navigation";

export type EditorState = FormState & { redirectTo?: string };

const editorForm = z.object({
  mode: z.enum(["edit", "new", "resubmit"]),
  articleSlug: z.string().optional(),
  baseRevisionId: z.coerce.number().int().positive().optional(),
  proposalId: z.coerce.number().int().positive().optional(),
  source: z.string().max(1_000_000, "The article is far too long."),
  editSummary: z.string().default(""),
  acceptLicence: z.string().optional(),
});

/** One action for the editor: a new article, an edit, or a resubmission. The draft stays in the browser until it succeeds. */
export async function submitEditor(_prev: EditorState, formData: FormData): Promise<EditorState> {
  const user = await getCurrentUser();
  if (!user) return { status: "error", message: "Your session has ended. Sign in again in another tab, then submit: your text is kept here." };
  const parsed = editorForm.safeParse(Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string" && v !== "")));
  if (!parsed.success) return { status: "error", message: "The form was incomplete. Please try again." };
  const f = parsed.data;
  const input = { source: f.source, summary: f.editSummary, acceptLicence: f.acceptLicence === "on" };
  try {
    const result =
      f.mode === "resubmit" && f.proposalId
        ? await resubmitProposal(getDb(), user, f.proposalId, input)
        : await submitProposal(getDb(), user, { ...input, articleSlug: f.mode === "edit" ? f.articleSlug : undefined, baseRevisionId: f.mode === "edit" ? f.baseRevisionId : undefined });
    if (!result.ok) return { status: "error", message: result.message, fieldErrors: result.fieldErrors };
    return { status: "success", message: "Thank you: your proposal is waiting for review.", redirectTo: `/me/proposals?submitted=${result.proposalId}` };
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.message };
    throw error;
  }
}

/** Renders the draft exactly as the article page will, or says what is wrong with it. */
export async function previewDraft(source: string) {
  const user = await getCurrentUser();
  if (!user) return { ok: false as const, errors: ["Sign in to preview."] };
  const draft = await renderDraft(source, user.displayName ?? "you");
  return draft.ok ? { ok: true as const, node: <ArticleView view={draft.view} preview /> } : { ok: false as const, errors: draft.errors };
}

export async function withdrawAction(formData: FormData) {
  const user = await getCurrentUser();
  const id = z.coerce.number().int().positive().safeParse(formData.get("proposalId"));
  if (!id.success) redirect("/me/proposals");
  await withdrawProposal(getDb(), user, id.data);
  redirect("/me/proposals?withdrawn=1");
}
