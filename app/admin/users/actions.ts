"use server";

import { z } from "zod";
import { formAction } from "@/lib/actions";
import { changeRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { roles } from "@/lib/db/schema";

export const changeRoleAction = formAction({
  schema: z.object({ userId: z.string().min(1, "Unknown account."), role: z.enum(roles, { error: "Choose one of the roles." }) }),
  invalidMessage: "Choose one of the roles.",
  run: async ({ userId, role }, { actor }) => {
    await changeRole(getDb(), actor, userId, role);
    return { redirectTo: "/admin/users?saved=1" };
  },
});
