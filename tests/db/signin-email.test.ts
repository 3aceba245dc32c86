import { eq } from "drizzle-orm";
import type { EmailProviderSendVerificationRequestParams } from "next-auth/providers/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendSignInEmail } from "@/lib/auth/signin-email";
import { CLIENT_IP_HEADER } from "@/lib/client-address";
import type { DbHandle } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
const saved = { ...process.env };
beforeAll(async () => {
  Object.assign(process.env, {
    EMAIL_TRANSPORT: "outbox",
    SITE_URL: "https://attune.example",
    RATE_LIMIT_SIGNIN_PER_HOUR: "2",
    RATE_LIMIT_SIGNIN_PER_IP_PER_HOUR: "3",
  });
  resetEnvCache();
  handle = await createTestDatabase();
});
afterAll(async () => {
  process.env = saved;
  resetEnvCache();
  await handle.close();
});

const params = (identifier: string, clientAddress?: string) =>
  ({
    identifier,
    url: `http://localhost:3100/api/auth/callback/email?callbackUrl=%2F&token=tok-${identifier}&email=${encodeURIComponent(identifier)}`,
    expires: new Date(),
    token: "t",
    provider: {},
    theme: {},
    // What Auth.js hands over: the incoming request, carrying the client address stamped from its socket.
    request: new Request("http://localhost/api/auth/signin/email", { method: "POST", headers: clientAddress ? { [CLIENT_IP_HEADER]: clientAddress } : {} }),
  }) as unknown as EmailProviderSendVerificationRequestParams;

describe("sign-in email", () => {
  it("sends a link to the confirm page on SITE_URL, never the raw callback", async () => {
    await sendSignInEmail(params("a@example.org"));
    const [mail] = await handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, "a@example.org"));
    expect(mail.subject).toBe("Sign in to Attune");
    expect(mail.text).toContain("https://attune.example/signin/confirm?token=tok-a%40example.org");
    expect(mail.text).not.toContain("/api/auth/callback");
    expect(mail.html).toContain("https://attune.example/signin/confirm");
  });

  it("stops sending to one address past the hourly limit, even for direct requests", async () => {
    for (let i = 0; i < 4; i++) await sendSignInEmail(params("b@example.org"));
    const mails = await handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, "b@example.org"));
    expect(mails).toHaveLength(2);
  });

  it("stops sending from one client address past its hourly limit, whichever addresses it asks for (direct POSTs to Auth.js included)", async () => {
    for (let i = 0; i < 40; i++) await sendSignInEmail(params(`victim-${i}@example.org`, "203.0.113.5"));
    const sent = (await handle.db.select({ to: emailOutbox.to }).from(emailOutbox)).filter((m) => m.to.startsWith("victim-"));
    expect(sent).toHaveLength(3);
    // Another client is not held up by that one.
    await sendSignInEmail(params("someone-else@example.org", "198.51.100.7"));
    expect(await handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, "someone-else@example.org"))).toHaveLength(1);
  });
});
