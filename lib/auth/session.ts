import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { users, type Role } from "../db/schema";
import { env } from "../env";
import { auth } from "./index";

export type CurrentUser = { id: string; role: Role; displayName: string | null; email: string };

/** The signed-in user, read fresh from the database, or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const [row] = await getDb().select({ id: users.id, role: users.role, displayName: users.displayName, email: users.email }).from(users).where(eq(users.id, id));
  if (!row?.email) return null;
  if (row.role !== "admin" && env().ADMIN_EMAILS.includes(row.email)) {
    await getDb().update(users).set({ role: "admin" }).where(eq(users.id, id));
    row.role = "admin";
  }
  return { ...row, email: row.email };
}
