"use server";

import { redirect } from "next/navigation";
import { deleteAccount, setDisplayName } from "@/lib/auth/accounts";
import { safeNextPath } from "@/lib/auth/paths";
import { getCurrentUser } from "@/lib/auth/session";
import { signOut } from "@/lib/auth";
import { getDb } from "@/lib/db/client";
import type { FormState } from "@/lib/forms";

export async function saveDisplayName(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return { status: "error", message: "Your session has ended. Please sign in again." };
  const displayName = String(formData.get("displayName") ?? "");
  const result = await setDisplayName(getDb(), user.id, displayName);
  if (!result.ok) return { status: "error", fieldErrors: { displayName: result.message }, values: { displayName } };
  const next = formData.get("next");
  if (typeof next === "string") redirect(safeNextPath(next));
  return { status: "success", message: "Your display name is saved.", values: { displayName } };
}

export async function deleteMyAccount(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await getCurrentUser();
  if (!user) return { status: "error", message: "Your session has ended. Please sign in again." };
  if (String(formData.get("confirm") ?? "").trim().toLowerCase() !== "delete") {
    return { status: "error", fieldErrors: { confirm: 'Type "delete" to confirm.' } };
  }
  await deleteAccount(getDb(), user.id);
  await signOut({ redirectTo: "/?account=deleted" });
  return { status: "success" };
}
