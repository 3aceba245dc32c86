import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { users, type Role } from "../db/schema";
import { env } from "../env";
import { auth } from "./index";

export type CurrentUser = { id: string; role: Role; displayName: string | null; email: string };

/**
 * The signed-in user, or null. With database sessions Auth.js reads the session and its user row on each call,
 * so the role and display name are current without a second query. ADMIN_EMAILS are made admins here, on their
 * first request after signing in, or after the variable names them.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const user = (await auth())?.user;
  if (!user?.id || !user.email || !user.role) return null;
  let role = user.role;
  if (role !== "admin" && env().ADMIN_EMAILS.includes(user.email)) {
    await getDb().update(users).set({ role: "admin" }).where(eq(users.id, user.id));
    role = "admin";
  }
  return { id: user.id, role, displayName: user.displayName ?? null, email: user.email };
}
