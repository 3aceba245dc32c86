import { eq } from "drizzle-orm";
import type { EmailProviderSendVerificationRequestParams } from "next-auth/providers/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendSignInEmail } from "@/lib/auth/signin-email";
import type { DbHandle } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
const saved = { ...process.env };
beforeAll(async () => {
  Object.assign(process.env, { EMAIL_TRANSPORT: "outbox", SITE_URL: "https://attune.example", RATE_LIMIT_SIGNIN_PER_HOUR: "2" });
  resetEnvCache();
  handle = await createTestDatabase();
});
afterAll(async () => {
  process.env = saved;
  resetEnvCache();
  await handle.close();
});

const params = (identifier: string) =>
  ({ identifier, url: `http://localhost:3100/api/auth/callback/email?callbackUrl=%2F&token=tok-${identifier}&email=${encodeURIComponent(identifier)}`, expires: new Date(), token: "t", provider: {}, theme: {}, request: new Request("http://localhost") }) as unknown as EmailProviderSendVerificationRequestParams;

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
});
