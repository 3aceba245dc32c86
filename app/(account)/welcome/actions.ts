"use server";

import { z } from "zod";
import { formAction, type ActionContext } from "@/lib/actions";
import { signOut } from "@/lib/auth";
import { deleteAccount, displayNameSchema, setDisplayName } from "@/lib/auth/accounts";
import { safeNextPath } from "@/lib/auth/paths";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** The person themselves: these forms act on nobody else's account. */
function signedIn({ actor }: ActionContext) {
  if (!actor) throw new AppError("unauthorized", "Your session has ended. Please sign in again.");
  return actor;
}

export const saveDisplayName = formAction({
  schema: z.object({ displayName: z.string({ error: "Use at least 2 characters." }).pipe(displayNameSchema), next: z.string().optional() }),
  keep: ["displayName"],
  invalidMessage: null, // the name's own message, beside it, says what to change
  run: async ({ displayName, next }, context) => {
    await setDisplayName(getDb(), signedIn(context).id, displayName);
    if (next !== undefined) return { redirectTo: safeNextPath(next) };
    return { status: "success", message: "Your display name is saved.", values: { displayName } };
  },
});

export const deleteMyAccount = formAction({
  schema: z.object({
    confirm: z.string({ error: 'Type "delete" to confirm.' }).refine((v) => v.trim().toLowerCase() === "delete", 'Type "delete" to confirm.'),
  }),
  invalidMessage: null,
  run: async (_input, context) => {
    await deleteAccount(getDb(), signedIn(context).id);
    await signOut({ redirectTo: "/?account=deleted" }); // redirects: nothing after this runs
    return { message: "Your account is deleted." };
  },
});
