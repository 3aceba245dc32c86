"use server";

import { z } from "zod";
import { formAction } from "@/lib/actions";
import { getDb } from "@/lib/db/client";
import { grantExpertise, grantFields, profileFields, revokeExpertise, updateExpertProfile } from "@/lib/reviews/profiles";

const userId = z.string().min(1, "Unknown account.");

export const grantExpertiseAction = formAction({
  schema: grantFields,
  keep: ["account", "displayName", "credential", "field"],
  run: async (input, { actor }) => {
    await grantExpertise(getDb(), actor, input);
    return { redirectTo: "/admin/experts?saved=granted" };
  },
});

export const updateExpertProfileAction = formAction({
  schema: profileFields.extend({ userId }),
  keep: ["displayName", "credential", "field"],
  run: async ({ userId, ...fields }, { actor }) => {
    await updateExpertProfile(getDb(), actor, userId, fields);
    return { redirectTo: "/admin/experts?saved=updated" };
  },
});

export const revokeExpertiseAction = formAction({
  schema: z.object({ userId }),
  invalidMessage: "The form was incomplete. Please try again.",
  run: async ({ userId }, { actor }) => {
    await revokeExpertise(getDb(), actor, userId);
    return { redirectTo: "/admin/experts?saved=revoked" };
  },
});
