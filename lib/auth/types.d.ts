import type { Role } from "../db/schema/auth";

declare module "next-auth" {
  interface Session {
    user: { id: string; role?: Role; displayName?: string | null; email?: string | null; name?: string | null; image?: string | null };
  }
}
