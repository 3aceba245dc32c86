"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { FormState } from "@/lib/forms";
import { expireArticleCaches } from "@/lib/moderation/cache";
import { revertToRevision } from "@/lib/moderation/history";
import { idParam, slugParam } from "@/lib/params";

export async function revertAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = z.object({ slug: slugParam, revisionId: idParam }).safeParse({ slug: formData.get("slug"), revisionId: formData.get("revisionId") });
  if (!parsed.success) return { status: "error", message: "The form was incomplete. Please try again." };
  let slug: string;
  try {
    const result = await revertToRevision(getDb(), await getCurrentUser(), parsed.data.slug, parsed.data.revisionId);
    expireArticleCaches(result.slug, result.previousSlug);
    slug = result.slug;
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.message };
    throw error;
  }
  redirect(`/wiki/${slug}/history?reverted=1`);
}
