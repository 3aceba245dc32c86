// Lazy configuration: nothing opens the database until a request needs it (so `next build` needs none).
import NextAuth from "next-auth";
import { buildAuthConfig } from "./config";

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildAuthConfig());
