import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { checkDatabase } from "@/lib/db/health";
import { emailOutbox } from "@/lib/db/schema";
import { send } from "@/lib/email";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
beforeAll(async () => {
  process.env.EMAIL_TRANSPORT = "outbox";
  resetEnvCache();
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe("outbox transport", () => {
  it("stores the email, headers included, instead of sending it", async () => {
    const result = await send({
      to: "reader@example.org",
      subject: "Hello",
      html: "<p>Hi</p>",
      text: "Hi",
      headers: { "List-Unsubscribe": "<https://x/u>" },
      tag: "test",
    });
    expect(result.ok).toBe(true);
    const rows = await handle.db.select().from(emailOutbox);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ to: "reader@example.org", subject: "Hello", text: "Hi", tag: "test", headers: { "List-Unsubscribe": "<https://x/u>" } });
  });
});

describe("health", () => {
  it("answers true while the database answers, false once it is gone", async () => {
    expect(await checkDatabase()).toBe(true);
    const { createTestDatabase: create } = await import("../support/db");
    const other = await create();
    await other.close();
    expect(await checkDatabase(1000)).toBe(false);
  });
});
