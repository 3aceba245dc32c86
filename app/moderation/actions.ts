"use server";

import { z } from "zod";
import { formAction } from "@/lib/actions";
import { getDb } from "@/lib/db/client";
import { expireArticleCaches } from "@/lib/moderation/cache";
import { approveProposal, claimProposal, rejectProposal, requestChanges } from "@/lib/moderation/review";

const decisionForm = z.object({
  proposalId: z.coerce.number({ error: "Unknown proposal." }).int("Unknown proposal.").positive("Unknown proposal."),
  decision: z.enum(["approve", "reject", "changes", "claim"], { error: "Choose claim, approve, request changes or reject." }),
  note: z.string().default(""),
});

/** Claim, approve, reject or send back a proposal. Every check happens in lib/moderation, beside the data. */
export const decideProposal = formAction({
  schema: decisionForm,
  keep: ["note"],
  run: async ({ proposalId, decision, note }, { actor }) => {
    const db = getDb();
    if (decision === "claim") {
      await claimProposal(db, actor, proposalId);
      return { redirectTo: `/moderation/${proposalId}?claimed=1` };
    }
    if (decision === "approve") {
      const result = await approveProposal(db, actor, proposalId);
      if (result.outcome === "conflicted") return { redirectTo: "/moderation?done=conflicted" };
      expireArticleCaches(result.slug, result.previousSlug);
      return { redirectTo: `/moderation?done=approved&slug=${encodeURIComponent(result.slug)}${result.merged ? "&merged=1" : ""}` };
    }
    // The author's email is a job enqueued in the decision's own transaction (lib/moderation/notify).
    if (decision === "reject") await rejectProposal(db, actor, proposalId, note);
    else await requestChanges(db, actor, proposalId, note);
    return { redirectTo: `/moderation?done=${decision === "reject" ? "rejected" : "changes"}` };
  },
});
