// Admins manage roles. Every change is checked here and written to the audit log.
import "server-only";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { auditLog, roles, users, type Role } from "../db/schema";
import { AppError } from "../errors";
import { requirePermission } from "./guard";
import { canChangeRole, type Actor } from "./policy";

export async function listUsers(db: Db, actor: Actor | null) {
  requirePermission(actor, "user:manage-roles");
  // Admins see addresses here only, to recognise people; public pages never show them.
  return db
    .select({ id: users.id, displayName: users.displayName, email: users.email, role: users.role, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.createdAt));
}

export async function changeRole(db: Db, actor: Actor | null, userId: string, role: Role): Promise<void> {
  const admin = requirePermission(actor, "user:manage-roles");
  if (!z.enum(roles).safeParse(role).success) throw new AppError("bad_request", "That is not a role.");
  if (!canChangeRole(admin, userId)) throw new AppError("forbidden", "You cannot change your own role; ask another admin.");
  const [target] = await db.select({ role: users.role, email: users.email }).from(users).where(eq(users.id, userId));
  if (!target?.email) throw new AppError("not_found", "That account does not exist.");
  await db.transaction(async (tx) => {
    await tx.update(users).set({ role }).where(eq(users.id, userId));
    await tx
      .insert(auditLog)
      .values({ actorId: admin.id, action: "user.role_changed", targetType: "user", targetId: userId, details: { from: target.role, to: role } });
  });
}
