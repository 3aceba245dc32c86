"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { changeRole } from "@/lib/auth/roles";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { roles } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export async function changeRoleAction(formData: FormData) {
  const parsed = z.object({ userId: z.string().min(1), role: z.enum(roles) }).safeParse({ userId: formData.get("userId"), role: formData.get("role") });
  if (!parsed.success) redirect("/admin/users?error=invalid");
  try {
    await changeRole(getDb(), await getCurrentUser(), parsed.data.userId, parsed.data.role);
  } catch (error) {
    if (error instanceof AppError) redirect(`/admin/users?error=${encodeURIComponent(error.message)}`);
    throw error;
  }
  redirect("/admin/users?saved=1");
}
