import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendBatch, type Email } from "@/lib/email";
import { resetEnvCache } from "@/lib/env";
import { startFakeResend, type FakeResend } from "../support/fake-resend";

let fake: FakeResend;
let deadPort = 0;
const KEYS = ["EMAIL_TRANSPORT", "RESEND_API_KEY", "RESEND_BASE_URL", "EMAIL_FROM"] as const;
let saved: Record<string, string | undefined> = {};

function useEnv(values: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const k of KEYS) {
    if (values[k] === undefined) delete process.env[k];
    else process.env[k] = values[k];
  }
  resetEnvCache();
}

beforeAll(async () => {
  fake = await startFakeResend();
  const probe = createServer();
  deadPort = await new Promise<number>((r) => probe.listen(0, "127.0.0.1", () => r((probe.address() as AddressInfo).port)));
  await new Promise((r) => probe.close(r));
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  fake.reset();
  useEnv({ EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_test_batch", RESEND_BASE_URL: fake.baseUrl, EMAIL_FROM: "Attune <news@attune.example>" });
});
afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvCache();
});

const emails = (n: number): Email[] =>
  Array.from({ length: n }, (_, i) => ({
    to: `reader${i}@example.org`,
    subject: "Issue 1",
    html: `<p>Hello ${i}</p>`,
    text: `Hello ${i}`,
    headers: { "List-Unsubscribe": `<https://attune.example/api/newsletter/unsubscribe?token=t${i}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    tag: "newsletter",
  }));

describe("sendBatch() with the resend transport", () => {
  it("posts every email in one call to the batch endpoint, with the idempotency key, and returns ids in order", async () => {
    const result = await sendBatch(emails(3), { idempotencyKey: "newsletter-1/abc" });
    expect(result).toEqual({ ok: true, ids: ["fake-1", "fake-2", "fake-3"] });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request.path).toBe("/emails/batch");
    expect(request.headers.authorization).toBe("Bearer re_test_batch");
    expect(request.headers["idempotency-key"]).toBe("newsletter-1/abc");
    const body = request.body as Record<string, unknown>[];
    expect(body).toHaveLength(3);
    expect(body[0]).toMatchObject({
      from: "Attune <news@attune.example>",
      to: "reader0@example.org",
      subject: "Issue 1",
      text: "Hello 0",
      headers: { "List-Unsubscribe": "<https://attune.example/api/newsletter/unsubscribe?token=t0>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      tags: [{ name: "kind", value: "newsletter" }],
    });
  });

  it("answers a repeated call with the same key with the first answer, sending nothing again", async () => {
    const first = await sendBatch(emails(2), { idempotencyKey: "k-1" });
    const second = await sendBatch(emails(2), { idempotencyKey: "k-1" });
    expect(second).toEqual(first);
    expect(fake.delivered).toHaveLength(2);
  });

  it("takes at most 100 emails per call", async () => {
    expect((await sendBatch(emails(100))).ok).toBe(true);
    await expect(sendBatch(emails(101))).rejects.toThrow(/at most 100/);
    expect(fake.batchRequests()).toHaveLength(1);
  });

  it("reports server errors as retryable and refusals as final", async () => {
    fake.failBatches({ times: 1, mode: "reject" });
    const failed = await sendBatch(emails(1));
    expect(failed).toMatchObject({ ok: false, reason: "failed", retryable: true, code: "internal_server_error" });
    fake.failBatches({ times: 1, mode: "invalid" });
    const refused = await sendBatch(emails(1));
    expect(refused).toMatchObject({ ok: false, reason: "failed", retryable: false, code: "validation_error" });
  });

  it("reports an unreachable API as retryable instead of throwing", async () => {
    useEnv({ EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_test_batch", RESEND_BASE_URL: `http://127.0.0.1:${deadPort}` });
    const result = await sendBatch(emails(1));
    expect(result).toMatchObject({ ok: false, reason: "failed", retryable: true });
  });

  it("does nothing for an empty list", async () => {
    expect(await sendBatch([])).toEqual({ ok: true, ids: [] });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("sendBatch() with the disabled transport", () => {
  it("refuses without making a request", async () => {
    useEnv({ EMAIL_TRANSPORT: "disabled", RESEND_API_KEY: "re_test_batch", RESEND_BASE_URL: fake.baseUrl });
    expect(await sendBatch(emails(2))).toEqual({ ok: false, reason: "disabled", message: "Email is not configured on this site.", retryable: false });
    expect(fake.requests).toHaveLength(0);
  });
});
