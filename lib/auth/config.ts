// Auth.js (next-auth v5): email magic links through lib/email, database sessions through the Drizzle adapter.
import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { NextAuthConfig } from "next-auth";
import type { EmailConfig } from "next-auth/providers/email";
import { getDb } from "../db/client";
import { accounts, sessions, users, verificationTokens } from "../db/schema";
import { env } from "../env";
import { authSecret } from "./secret";
import { sendSignInEmail } from "./signin-email";

export const SIGN_IN_MAX_AGE_SECONDS = 15 * 60;

export function buildAuthConfig(): NextAuthConfig {
  const e = env();
  const emailProvider: EmailConfig = {
    id: "email",
    type: "email",
    name: "Email",
    from: e.EMAIL_FROM,
    maxAge: SIGN_IN_MAX_AGE_SECONDS,
    options: {},
    normalizeIdentifier: (identifier) => identifier.trim().toLowerCase(),
    sendVerificationRequest: sendSignInEmail,
  };
  return {
    adapter: DrizzleAdapter(getDb(), { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens }),
    providers: [emailProvider],
    session: { strategy: "database", maxAge: 30 * 24 * 60 * 60 },
    secret: authSecret(),
    trustHost: true,
    pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin" },
    callbacks: {
      // The adapter's user row, read with the session on every call: role and display name are always current.
      session({ session, user }) {
        const u = user as typeof user & { role?: string; displayName?: string | null };
        return { ...session, user: { ...session.user, id: user.id, role: u.role, displayName: u.displayName ?? null } };
      },
    },
  };
}
