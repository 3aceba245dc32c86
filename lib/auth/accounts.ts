// Account changes a person makes to themselves: display name, deletion.
import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { isUniqueViolation, type Db } from "../db/client";
import { auditLog, users } from "../db/schema";
import { AppError } from "../errors";

/** How a deleted account's proposals and revisions are signed (no one may take the name). */
export const FORMER_CONTRIBUTOR = "former contributor";

export const displayNameSchema = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(40, "Use at most 40 characters.")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} .'_-]*$/u, "Use letters, digits, spaces and . ' _ - only, starting with a letter or digit.")
  .refine((n) => n.toLowerCase() !== FORMER_CONTRIBUTOR && !/^attune/i.test(n), "That name is reserved.");

const NAME_TAKEN = "Someone else already uses that name. Please choose another.";
const nameTaken = () => new AppError("conflict", NAME_TAKEN, { displayName: NAME_TAKEN });

/** Sets the name shown beside a person's edits; throws an AppError on the displayName field if it is taken. */
export async function setDisplayName(db: Db, userId: string, name: string): Promise<void> {
  const parsed = displayNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues[0].message, { displayName: parsed.error.issues[0].message });
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.displayName}) = lower(${parsed.data})`, ne(users.id, userId)))
    .limit(1);
  if (taken) throw nameTaken();
  try {
    await db.update(users).set({ displayName: parsed.data }).where(eq(users.id, userId));
  } catch (error) {
    // Two people choosing the same name at once: the unique index decides.
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** Deletes the account; proposals and revisions stay, shown as by "former contributor". */
export async function deleteAccount(db: Db, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(auditLog).values({ actorId: null, action: "account.deleted", targetType: "user", targetId: userId, details: {} });
    await tx.delete(users).where(eq(users.id, userId));
  });
}
