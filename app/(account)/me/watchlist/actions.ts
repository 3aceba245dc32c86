"use server";

import { z } from "zod";
import { formAction } from "@/lib/actions";
import { getDb } from "@/lib/db/client";
import { preferencesSchema, setWatching, storePreferences } from "@/lib/watch/watches";

export const savePreferencesAction = formAction({
  schema: preferencesSchema,
  keep: ["emailMode", "digestWeekday", "digestHour", "timeZone", "autoWatch"],
  run: async (input, { actor }) => {
    await storePreferences(getDb(), actor, input);
    return { status: "success", message: "Your watchlist email settings are saved." };
  },
});

const toggleSchema = z.object({
  target: z.enum(["article", "category"]),
  key: z.string().trim().min(1).max(200),
  watching: z.enum(["true", "false"]).transform((v) => v === "true"),
});

/** The Watch toggle (article and category pages, the watchlist's own list). */
export const toggleWatchAction = formAction({
  schema: toggleSchema,
  invalidMessage: "That could not be watched.",
  run: async ({ target, key, watching }, { actor }) => {
    const now = await setWatching(getDb(), actor, target === "article" ? { target, slug: key } : { target, name: key }, watching);
    return { status: "success", message: now ? "watching" : "not-watching" };
  },
});
