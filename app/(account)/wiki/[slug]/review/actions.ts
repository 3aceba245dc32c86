"use server";

import { formAction } from "@/lib/actions";
import { getDb } from "@/lib/db/client";
import { expireArticleCaches } from "@/lib/moderation/cache";
import { markReviewed, reviewInput } from "@/lib/reviews/reviews";

/** Marks the revision the form was opened on reviewed; a stale form comes back with the conflict and the note kept. */
export const markReviewedAction = formAction({
  schema: reviewInput,
  keep: ["note"],
  run: async (input, { actor }) => {
    const result = await markReviewed(getDb(), actor, input);
    // The badge is part of the article page: expire it as a publication does.
    expireArticleCaches(result.slug);
    return { redirectTo: `/wiki/${result.slug}?reviewed=1` };
  },
});
