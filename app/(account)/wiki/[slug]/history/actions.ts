"use server";

import { z } from "zod";
import { formAction } from "@/lib/actions";
import { getDb } from "@/lib/db/client";
import { expireArticleCaches } from "@/lib/moderation/cache";
import { revertToRevision } from "@/lib/moderation/history";
import { idParam, slugParam } from "@/lib/params";

export const revertAction = formAction({
  schema: z.object({ slug: slugParam, revisionId: idParam }),
  invalidMessage: "The form was incomplete. Please try again.",
  run: async ({ slug, revisionId }, { actor }) => {
    const result = await revertToRevision(getDb(), actor, slug, revisionId);
    expireArticleCaches(result.slug, result.previousSlug);
    return { redirectTo: `/wiki/${result.slug}/history?reverted=1` };
  },
});
