import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { send, type Email } from "@/lib/email";
import { resetEnvCache } from "@/lib/env";

type Recorded = { method: string; path: string; headers: IncomingHttpHeaders; body: unknown };

/** A local stand-in for the Resend API: records every request and answers POST /emails. */
const fake = {
  requests: [] as Recorded[],
  fail: false,
  server: null as Server | null,
  baseUrl: "",
};

/** A port on 127.0.0.1 that nothing listens on: bound once, then closed. */
let deadPort = 0;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}

beforeAll(async () => {
  fake.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        // keep the raw text
      }
      fake.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      res.setHeader("Content-Type", "application/json");
      if (req.method === "POST" && req.url === "/emails") {
        if (fake.fail) {
          res.statusCode = 422;
          res.end(JSON.stringify({ statusCode: 422, name: "validation_error", message: "Invalid `to` field" }));
        } else {
          res.statusCode = 200;
          res.end(JSON.stringify({ id: "fake-1" }));
        }
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ statusCode: 404, name: "not_found", message: "Not found" }));
    });
  });
  const port = await listen(fake.server);
  fake.baseUrl = `http://127.0.0.1:${port}`;

  const probe = createServer();
  deadPort = await listen(probe);
  await close(probe);
});

afterAll(async () => {
  if (fake.server) await close(fake.server);
});

const ENV_KEYS = ["EMAIL_TRANSPORT", "RESEND_API_KEY", "RESEND_BASE_URL", "EMAIL_FROM"] as const;
let savedEnv: Record<string, string | undefined> = {};

function useEnv(values: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>>) {
  for (const key of ENV_KEYS) {
    const value = values[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
}

beforeEach(() => {
  savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  fake.requests = [];
  fake.fail = false;
  useEnv({ EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_test_123", RESEND_BASE_URL: fake.baseUrl, EMAIL_FROM: "Attune <hello@attune.example>" });
});

afterEach(() => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  resetEnvCache();
});

const email: Email = {
  to: "reader@example.org",
  subject: "Confirm your subscription",
  html: '<p>Click <a href="https://attune.example/confirm">here</a>.</p>',
  text: "Open https://attune.example/confirm",
  headers: { "List-Unsubscribe": "<https://attune.example/unsubscribe?t=abc>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  tag: "newsletter",
};

describe("send() with the resend transport", () => {
  it("posts the email to the Resend API and returns its id", async () => {
    const result = await send(email);
    expect(result).toEqual({ ok: true, id: "fake-1" });

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/emails");
    expect(request.headers.authorization).toBe("Bearer re_test_123");
    expect(request.headers["content-type"]).toMatch(/^application\/json/);
    expect(request.headers["idempotency-key"]).toBeUndefined();
    expect(request.body).toMatchObject({
      from: "Attune <hello@attune.example>",
      to: "reader@example.org",
      subject: "Confirm your subscription",
      html: email.html,
      text: email.text,
      headers: {
        "List-Unsubscribe": "<https://attune.example/unsubscribe?t=abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
      tags: [{ name: "kind", value: "newsletter" }],
    });
  });

  it("sends no tags when the email has no tag", async () => {
    const result = await send({ to: "a@example.org", subject: "S", html: "<p>H</p>", text: "H" });
    expect(result).toEqual({ ok: true, id: "fake-1" });
    const body = fake.requests[0].body as Record<string, unknown>;
    expect(body.tags).toBeUndefined();
    expect(body.headers).toBeUndefined();
  });

  it("passes the idempotency key as the Idempotency-Key header", async () => {
    const result = await send({ ...email, idempotencyKey: "newsletter-42/reader@example.org" });
    expect(result.ok).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].headers["idempotency-key"]).toBe("newsletter-42/reader@example.org");
  });

  it("returns ok:false with the API's message when Resend refuses the email", async () => {
    fake.fail = true;
    const result = await send(email);
    expect(result).toEqual({ ok: false, reason: "failed", message: "Invalid `to` field" });
    expect(fake.requests).toHaveLength(1);
  });

  it("returns ok:false instead of throwing when the API cannot be reached", async () => {
    useEnv({ EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_test_123", RESEND_BASE_URL: `http://127.0.0.1:${deadPort}` });
    const result = await send(email);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("failed");
    expect(result.message.length).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("send() with the disabled transport", () => {
  it("returns reason disabled and makes no request", async () => {
    useEnv({ EMAIL_TRANSPORT: "disabled", RESEND_API_KEY: "re_test_123", RESEND_BASE_URL: fake.baseUrl });
    const result = await send(email);
    expect(result).toEqual({ ok: false, reason: "disabled", message: "Email is not configured on this site." });
    expect(fake.requests).toHaveLength(0);
  });
});
