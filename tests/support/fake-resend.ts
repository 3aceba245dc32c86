// A local stand-in for the Resend API, for tests that point the official SDK at it (RESEND_BASE_URL).
// It records every request, keeps Resend's idempotency rules (same key and body: the first answer again, nothing
// sent; same key, other body: 409 invalid_idempotent_request), and can be told to fail.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: unknown };
export type DeliveredEmail = {
  id: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  idempotencyKey?: string;
};

/**
 * How a failing request behaves: "reject" answers 500 and sends nothing; "accept-then-fail" sends the emails
 * (and remembers the key) but answers 500, as when a response is lost; "invalid" answers 422 validation_error;
 * "rate-limited" answers 429 with `Retry-After: 1` and sends nothing.
 */
export type FailureMode = "reject" | "accept-then-fail" | "invalid" | "rate-limited";

type Planned = { after: number; times: number; mode: FailureMode };

export type FakeResend = {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Every email the fake "sent" (replays excluded). */
  delivered: DeliveredEmail[];
  /** Lets `after` more batch requests succeed, then fails the next `times` of them. */
  failBatches(options: { after?: number; times?: number; mode?: FailureMode }): void;
  batchRequests(): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
};

const API_ERRORS: Record<FailureMode, { status: number; name: string; message: string }> = {
  reject: { status: 500, name: "internal_server_error", message: "Something went wrong on our side." },
  "accept-then-fail": { status: 500, name: "internal_server_error", message: "Something went wrong on our side." },
  invalid: { status: 422, name: "validation_error", message: "Invalid `to` field." },
  "rate-limited": { status: 429, name: "rate_limit_exceeded", message: "Too many requests. You can only make 2 requests per second." },
};

export async function startFakeResend(): Promise<FakeResend> {
  const state = {
    requests: [] as RecordedRequest[],
    delivered: [] as DeliveredEmail[],
    keys: new Map<string, { bodyHash: string; response: unknown }>(),
    plan: null as Planned | null,
    seq: 0,
  };

  const deliver = (emails: Record<string, unknown>[], key?: string) =>
    emails.map((m) => {
      const id = `fake-${++state.seq}`;
      state.delivered.push({
        id,
        from: String(m.from),
        to: Array.isArray(m.to) ? String(m.to[0]) : String(m.to),
        subject: String(m.subject),
        html: String(m.html ?? ""),
        text: String(m.text ?? ""),
        headers: (m.headers as Record<string, string>) ?? {},
        idempotencyKey: key,
      });
      return { id };
    });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        // keep the raw text
      }
      state.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      const answer = (status: number, payload: unknown) => {
        res.statusCode = status;
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify(payload));
      };
      const fail = (status: number, name: string, message: string) => answer(status, { statusCode: status, name, message });
      const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : undefined;

      if (req.method === "POST" && (req.url === "/emails/batch" || req.url === "/emails")) {
        const isBatch = req.url === "/emails/batch";
        const emails = (isBatch ? body : [body]) as Record<string, unknown>[];
        if (!Array.isArray(emails) || emails.length === 0) return fail(422, "validation_error", "The body must be a non-empty array.");
        if (emails.length > 100) return fail(422, "validation_error", "Too many emails: a batch holds at most 100.");
        if (emails.some((m) => !m || typeof m.to !== "string" || !m.from || !m.subject))
          return fail(422, "validation_error", "Missing `to`, `from` or `subject`.");
        const bodyHash = createHash("sha256").update(raw).digest("hex");
        const scope = `${req.url}:${key}`;
        if (key && state.keys.has(scope)) {
          const seen = state.keys.get(scope)!;
          if (seen.bodyHash !== bodyHash) return fail(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
          return answer(200, seen.response);
        }
        let mode: FailureMode | null = null;
        if (isBatch && state.plan) {
          if (state.plan.after > 0) state.plan.after--;
          else if (state.plan.times > 0) {
            state.plan.times--;
            mode = state.plan.mode;
          }
        }
        if (mode === "rate-limited") res.setHeader("Retry-After", "1");
        if (mode === "reject" || mode === "invalid" || mode === "rate-limited")
          return fail(API_ERRORS[mode].status, API_ERRORS[mode].name, API_ERRORS[mode].message);
        const ids = deliver(emails, key);
        const response = isBatch ? { data: ids } : ids[0];
        if (key) state.keys.set(scope, { bodyHash, response });
        if (mode === "accept-then-fail") return fail(API_ERRORS[mode].status, API_ERRORS[mode].name, API_ERRORS[mode].message);
        return answer(200, response);
      }
      return fail(404, "not_found", "Not found");
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get delivered() {
      return state.delivered;
    },
    failBatches({ after = 0, times = 1, mode = "reject" }) {
      state.plan = { after, times, mode };
    },
    batchRequests() {
      return state.requests.filter((r) => r.path === "/emails/batch");
    },
    reset() {
      state.requests = [];
      state.delivered = [];
      state.keys.clear();
      state.plan = null;
    },
    close() {
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  } as FakeResend;
}

/** A webhook signing secret in Resend's (svix's) format. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** Signs a webhook body the way Resend (svix) does: HMAC-SHA256 of "id.timestamp.body" under the decoded secret. */
export function signWebhook(secret: string, id: string, body: string, timestamp: Date = new Date()): Record<string, string> {
  const seconds = Math.floor(timestamp.getTime() / 1000).toString();
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${seconds}.${body}`).digest("base64");
  return { "svix-id": id, "svix-timestamp": seconds, "svix-signature": `v1,${signature}`, "content-type": "application/json" };
}
