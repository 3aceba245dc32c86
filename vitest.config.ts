import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // "server-only" throws outside React Server Components; query modules are tested outside them.
  "server-only": path.resolve(import.meta.dirname, "tests/support/empty.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          env: { NODE_ENV: "test", EMAIL_TRANSPORT: "outbox", RESEND_REQUESTS_PER_SECOND: "0" },
          // A component test may import a form whose server action reaches Auth.js (see the db project).
          server: { deps: { inline: ["next-auth"] } },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["tests/db/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // A generous Resend rate: only the limiter's own test holds it to the real 2 requests a second.
          env: { NODE_ENV: "test", EMAIL_TRANSPORT: "outbox", RESEND_REQUESTS_PER_SECOND: "1000" },
          setupFiles: ["tests/support/next-globals.ts"],
          // next-auth imports "next/server" without an extension, which Node's ESM loader refuses: let Vite resolve it.
          server: { deps: { inline: ["next-auth"] } },
        },
      },
    ],
  },
});
