"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { FormState } from "@/lib/forms";
import { expireArticleCaches } from "@/lib/moderation/cache";
import { approveProposal, claimProposal, rejectProposal, requestChanges } from "@/lib/moderation/review";

const decisionForm = z.object({
  proposalId: z.coerce.number().int().positive(),
  decision: z.enum(["approve", "reject", "changes", "claim"]),
  note: z.string().default(""),
});

/** Claim, approve, reject or send back a proposal. Every check happens in lib/moderation, beside the data. */
export async function decideProposal(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = decisionForm.safeParse({ proposalId: formData.get("proposalId"), decision: formData.get("decision"), note: formData.get("note") ?? "" });
  if (!parsed.success) return { status: "error", message: "The form was incomplete. Please try again." };
  const { proposalId, decision, note } = parsed.data;
  const user = await getCurrentUser();
  const db = getDb();
  let destination: string;
  try {
    if (decision === "claim") {
      await claimProposal(db, user, proposalId);
      destination = `/moderation/${proposalId}?claimed=1`;
    } else if (decision === "approve") {
      const result = await approveProposal(db, user, proposalId);
      if (result.outcome === "approved") {
        expireArticleCaches(result.slug, result.previousSlug);
        destination = `/moderation?done=approved&slug=${encodeURIComponent(result.slug)}${result.merged ? "&merged=1" : ""}`;
      } else {
        destination = `/moderation?done=conflicted`;
      }
    } else {
      // The author's email is a job enqueued in the decision's own transaction (lib/moderation/notify).
      if (decision === "reject") await rejectProposal(db, user, proposalId, note);
      else await requestChanges(db, user, proposalId, note);
      destination = `/moderation?done=${decision === "reject" ? "rejected" : "changes"}`;
    }
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.message, values: { note } };
    throw error;
  }
  redirect(destination);
}
