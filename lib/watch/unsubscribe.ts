// The one-click unsubscribe of a watchlist email: the token in its List-Unsubscribe address turns that kind off.
import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { verifyWatchUnsubscribeToken } from "./links";
import { turnOffEmailKind } from "./watches";

export const watchUnsubscribeSchema = z.object({
  kind: z.enum(["changes", "digest"]),
  user: z.string().min(1).max(200),
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

export type WatchUnsubscribeResult = { status: "invalid" } | { status: "done"; kind: "changes" | "digest" };

export async function unsubscribeWatchEmails(db: Db, raw: unknown, now = new Date()): Promise<WatchUnsubscribeResult> {
  const parsed = watchUnsubscribeSchema.safeParse(raw);
  if (!parsed.success) return { status: "invalid" };
  const { kind, user, token } = parsed.data;
  if (!verifyWatchUnsubscribeToken(kind, user, token)) return { status: "invalid" };
  const [exists] = await db.select({ id: users.id }).from(users).where(eq(users.id, user));
  if (!exists) return { status: "invalid" };
  await turnOffEmailKind(db, user, kind === "changes" ? "immediate" : "weekly", now);
  return { status: "done", kind };
}
