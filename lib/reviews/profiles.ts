// Expert profiles: granted, edited and revoked by admins (each change in the audit log). A profile is not a role: the
// holder keeps theirs, and the profile lets them mark reviews (lib/auth/policy.ts, canReview).
import "server-only";
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { requirePermission } from "../auth/guard";
import { canReview, type Actor } from "../auth/policy";
import type { Db } from "../db/client";
import { auditLog, expertProfiles, users } from "../db/schema";
import { AppError } from "../errors";

const line = (what: string, max: number) =>
  z
    .string({ error: `Write the ${what}.` })
    .trim()
    .min(1, `Write the ${what}.`)
    .max(max, `Keep the ${what} to ${max} characters.`);

export const profileFields = z.object({
  displayName: line("name readers will see", 80),
  credential: line("credential (for example “PhD, clinical psychology”)", 120),
  field: line("field (for example “Couples therapy”)", 120),
});
export type ProfileFields = z.output<typeof profileFields>;

export const grantFields = profileFields.extend({
  account: z
    .string({ error: "Give the account's email address or display name." })
    .trim()
    .min(1, "Give the account's email address or display name.")
    .max(254, "That is longer than any email address."),
});

export type ExpertProfileRow = {
  userId: string;
  displayName: string;
  credential: string;
  field: string;
  sample: boolean;
  createdAt: Date;
  revokedAt: Date | null;
  accountName: string | null;
  email: string | null;
};

/** Every profile, active ones first, for the admin page (addresses shown to admins only, to recognise people). */
export async function listExpertProfiles(db: Db, actor: Actor | null): Promise<ExpertProfileRow[]> {
  requirePermission(actor, "expertise:grant", "Only admins manage expert profiles.");
  return db
    .select({
      userId: expertProfiles.userId,
      displayName: expertProfiles.displayName,
      credential: expertProfiles.credential,
      field: expertProfiles.field,
      sample: expertProfiles.sample,
      createdAt: expertProfiles.createdAt,
      revokedAt: expertProfiles.revokedAt,
      accountName: users.displayName,
      email: users.email,
    })
    .from(expertProfiles)
    .innerJoin(users, eq(users.id, expertProfiles.userId))
    .orderBy(sql`${expertProfiles.revokedAt} is not null`, asc(expertProfiles.displayName));
}

/** The user's active profile, or null (a revoked one is no profile). */
export async function getActiveExpertProfile(db: Db, userId: string) {
  const [profile] = await db
    .select({
      userId: expertProfiles.userId,
      displayName: expertProfiles.displayName,
      credential: expertProfiles.credential,
      field: expertProfiles.field,
      revokedAt: expertProfiles.revokedAt,
    })
    .from(expertProfiles)
    .where(and(eq(expertProfiles.userId, userId), isNull(expertProfiles.revokedAt)));
  return profile ?? null;
}

/** Whether this person may mark reviews now. */
export async function isActiveExpert(db: Db, actor: Actor | null): Promise<boolean> {
  return actor ? canReview(actor, await getActiveExpertProfile(db, actor.id)) : false;
}

/** The account an admin named: an email address exactly, else one display name (case aside). */
async function findAccount(db: Db, account: string): Promise<{ id: string }> {
  if (account.includes("@")) {
    const [byEmail] = await db.select({ id: users.id }).from(users).where(eq(users.email, account.toLowerCase()));
    if (byEmail) return byEmail;
    throw new AppError("not_found", "No account has that email address.", { account: "No account has that email address." });
  }
  const byName = await db
    .select({ id: users.id })
    .from(users)
    // Accounts people sign in to (the seed's "Attune editors" has no address and reviews nothing).
    .where(and(sql`lower(${users.displayName}) = lower(${account})`, isNotNull(users.email)))
    .limit(2);
  if (byName.length === 1 && byName[0]) return byName[0];
  const message = byName.length === 0 ? "No account has that display name." : "Several accounts have that display name: give the email address instead.";
  throw new AppError("not_found", message, { account: message });
}

/** Grants a profile (or gives a revoked one back, with the new details). */
export async function grantExpertise(db: Db, actor: Actor | null, input: z.input<typeof grantFields>): Promise<{ userId: string }> {
  const admin = requirePermission(actor, "expertise:grant", "Only admins grant expert profiles.");
  const fields = grantFields.parse(input);
  const { id: userId } = await findAccount(db, fields.account);
  const profile = { displayName: fields.displayName, credential: fields.credential, field: fields.field };
  await db.transaction(async (tx) => {
    const [existing] = await tx.select({ revokedAt: expertProfiles.revokedAt }).from(expertProfiles).where(eq(expertProfiles.userId, userId)).for("update");
    if (existing && existing.revokedAt === null)
      throw new AppError("conflict", "That account already has an expert profile: change it in the list below.", {
        account: "That account already has an expert profile.",
      });
    if (existing)
      await tx
        .update(expertProfiles)
        .set({ ...profile, grantedBy: admin.id, revokedAt: null, sample: false })
        .where(eq(expertProfiles.userId, userId));
    else await tx.insert(expertProfiles).values({ userId, ...profile, grantedBy: admin.id });
    await tx.insert(auditLog).values({ actorId: admin.id, action: "expertise.granted", targetType: "user", targetId: userId, details: profile });
  });
  return { userId };
}

/** Changes the name, credential or field of a profile; reviews already made keep what they said. */
export async function updateExpertProfile(db: Db, actor: Actor | null, userId: string, input: z.input<typeof profileFields>): Promise<void> {
  const admin = requirePermission(actor, "expertise:grant", "Only admins change expert profiles.");
  const fields = profileFields.parse(input);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ displayName: expertProfiles.displayName, credential: expertProfiles.credential, field: expertProfiles.field })
      .from(expertProfiles)
      .where(eq(expertProfiles.userId, userId))
      .for("update");
    if (!before) throw new AppError("not_found", "That expert profile does not exist.");
    await tx.update(expertProfiles).set(fields).where(eq(expertProfiles.userId, userId));
    await tx
      .insert(auditLog)
      .values({ actorId: admin.id, action: "expertise.updated", targetType: "user", targetId: userId, details: { from: before, to: fields } });
  });
}

/** Revokes a profile: its holder can no longer mark reviews; the reviews they made stay, with their name as written. */
export async function revokeExpertise(db: Db, actor: Actor | null, userId: string): Promise<void> {
  const admin = requirePermission(actor, "expertise:grant", "Only admins revoke expert profiles.");
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(expertProfiles)
      .set({ revokedAt: new Date() })
      .where(and(eq(expertProfiles.userId, userId), isNull(expertProfiles.revokedAt)))
      .returning({ userId: expertProfiles.userId });
    if (!revoked) throw new AppError("not_found", "That account has no active expert profile.");
    await tx.insert(auditLog).values({ actorId: admin.id, action: "expertise.revoked", targetType: "user", targetId: userId, details: {} });
  });
}
