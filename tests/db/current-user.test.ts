// getCurrentUser() as a page or route calls it: Auth.js reads the database session named by the request's cookie.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCurrentUser } from "@/lib/auth/session";
import type { DbHandle } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase } from "../support/db";
import { inRequest, signIn } from "../support/request";

let handle: DbHandle;
const saved = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, { ADMIN_EMAILS: "boss@attune.test, Chief@Attune.test" });
  resetEnvCache();
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
  process.env = saved;
  resetEnvCache();
});

const currentUser = (headers: Record<string, string>) => inRequest("/me", headers, () => getCurrentUser());
const storedRole = async (id: string) => (await handle.db.select({ role: users.role }).from(users).where(eq(users.id, id)))[0]?.role;

describe("getCurrentUser and ADMIN_EMAILS", () => {
  it("makes an address named in ADMIN_EMAILS an admin, matching the whole address, never its domain or a suffix", async () => {
    const lookalikes = [
      "evilboss@attune.test",
      "x@boss@attune.test",
      "someone@attune.test",
      "boss@attune.test.evil.example",
      "boss@attune.testing",
      "chief@attune.test.example",
    ];
    for (const [i, email] of lookalikes.entries()) {
      const id = `lookalike-${i}`;
      expect(await currentUser(await signIn(handle.db, { id, email, role: "contributor" })), email).toMatchObject({ id, email, role: "contributor" });
      expect(await storedRole(id), email).toBe("contributor");
    }
    for (const [id, email] of [
      ["boss", "boss@attune.test"],
      ["chief", "chief@attune.test"],
    ]) {
      expect(await currentUser(await signIn(handle.db, { id, email, role: "contributor" })), email).toMatchObject({ id, role: "admin" });
      expect(await storedRole(id), email).toBe("admin");
    }
  });

  it("is null without a session cookie or with an unknown one", async () => {
    expect(await currentUser({})).toBeNull();
    expect(await currentUser({ cookie: "authjs.session-token=not-a-session" })).toBeNull();
  });
});
