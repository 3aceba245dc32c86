"use server";

import { z } from "zod";
import { ArticleView } from "@/app/_components/article-view";
import { formAction } from "@/lib/actions";
import { renderDraft } from "@/lib/articles/view";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { FormState } from "@/lib/forms";
import { resubmitProposal, sourceTextProblem, submitProposal, withdrawProposal } from "@/lib/moderation/proposals";
import { describeReset, hitRateLimit } from "@/lib/rate-limit";

export type EditorState = FormState & { redirectTo?: string };

const editorForm = z.object({
  mode: z.enum(["edit", "new", "resubmit"], { error: "The form was incomplete. Please try again." }),
  articleSlug: z.string().optional(),
  baseRevisionId: z.coerce.number().int().positive().optional(),
  proposalId: z.coerce.number().int().positive().optional(),
  // Its size is checked in lib/ against the one limit (MAX_SOURCE_KB, sourceSizeProblem), so a long text gets that field's message.
  source: z.string().default(""),
  editSummary: z.string().default(""),
  acceptLicence: z.string().optional(),
});

/** One action for the editor: a new article, an edit, or a resubmission. The draft stays in the browser until it succeeds. */
export const submitEditor = formAction<typeof editorForm, EditorState>({
  schema: editorForm,
  run: async (f, { actor }) => {
    if (!actor) throw new AppError("unauthorized", "Your session has ended. Sign in again in another tab, then submit: your text is kept here.");
    const input = { source: f.source, summary: f.editSummary, acceptLicence: f.acceptLicence === "on" };
    // A refusal is an AppError: formAction shows its message and field messages, and the draft stays in the editor.
    const proposalId =
      f.mode === "resubmit" && f.proposalId
        ? await resubmitProposal(getDb(), actor, f.proposalId, input)
        : await submitProposal(getDb(), actor, {
            ...input,
            articleSlug: f.mode === "edit" ? f.articleSlug : undefined,
            baseRevisionId: f.mode === "edit" ? f.baseRevisionId : undefined,
          });
    return { status: "success", message: "Thank you: your proposal is waiting for review.", redirectTo: `/me/proposals?submitted=${proposalId}` };
  },
});

/** Renders the draft exactly as the article page will, or says what is wrong with it. Limited per person: each render costs a worker. */
export async function previewDraft(source: unknown) {
  const user = await getCurrentUser();
  if (!user) return { ok: false as const, errors: ["Sign in to preview."] };
  if (typeof source !== "string") return { ok: false as const, errors: ["There is no text to preview."] };
  const problem = sourceTextProblem(source);
  if (problem) return { ok: false as const, errors: [problem] };
  const e = env();
  const limit = await hitRateLimit(getDb(), { key: `preview:${user.id}`, limit: e.RATE_LIMIT_PREVIEWS_PER_HOUR, windowSeconds: 3600 });
  if (!limit.allowed)
    return {
      ok: false as const,
      errors: [
        `You have asked for ${e.RATE_LIMIT_PREVIEWS_PER_HOUR} previews this hour, the most allowed. You can preview again ${describeReset(limit.resetAt)}; your text is kept here.`,
      ],
    };
  const draft = await renderDraft(source);
  return draft.ok ? { ok: true as const, node: <ArticleView view={draft.view} preview /> } : { ok: false as const, errors: draft.errors };
}

export const withdrawAction = formAction({
  schema: z.object({ proposalId: z.coerce.number({ error: "Unknown proposal." }).int().positive("Unknown proposal.") }),
  run: async ({ proposalId }, { actor }) => {
    await withdrawProposal(getDb(), actor, proposalId);
    return { redirectTo: "/me/proposals?withdrawn=1" };
  },
});
