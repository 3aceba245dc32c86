// A local fake of Resend's email API for the cluster test and bench:cluster, in a process of its own so that it
// outlives the instances that are killed. It keeps Resend's rules that matter when several instances send:
//   - at most `requestsPerSecond` requests a second (Resend's default is 2 per team); beyond that 429 with
//     `retry-after` (seconds) and the ratelimit headers Resend sends;
//   - a batch holds at most 100 emails;
//   - an idempotency key replays the first answer (same body) or answers 409 (another body), and sends nothing.
// It counts every email delivered per address, so a test can check "exactly once for everyone", and remembers which
// API key sent the last batch (each cluster member has its own key), so a test can kill the instance that is sending.
//   node e2e/fakes/resend.mjs [--port 0] [--rps 2]      (prints `listening <port>` on stdout)
import { createHash } from "node:crypto";
import http from "node:http";

export async function startFakeResend({ port = 0, requestsPerSecond = 2 } = {}) {
  const state = {
    perAddress: new Map(),
    delivered: 0,
    batches: 0,
    limited: 0,
    replays: 0,
    requests: 0,
    keys: new Map(),
    window: { second: 0, used: 0 },
    seq: 0,
    firstAt: null,
    lastAt: null,
    lastBatchKey: null,
  };

  /** A fixed one-second window, as Resend counts. */
  function admit() {
    const second = Math.floor(Date.now() / 1000);
    if (state.window.second !== second) state.window = { second, used: 0 };
    if (state.window.used >= requestsPerSecond) return false;
    state.window.used++;
    return true;
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const answer = (status, payload, headers = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      const fail = (status, name, message, headers) => answer(status, { statusCode: status, name, message }, headers);
      if (req.method === "GET" && req.url?.startsWith("/__stats")) {
        // ?domain=x counts only addresses at x (a newsletter's readers, not the notices sent meanwhile).
        const domain = new URL(req.url, "http://fake").searchParams.get("domain");
        const entries = [...state.perAddress].filter(([to]) => !domain || to.endsWith(`@${domain}`));
        const counts = entries.map(([, n]) => n);
        return answer(200, {
          delivered: counts.reduce((sum, n) => sum + n, 0),
          addresses: entries.length,
          duplicates: counts.filter((n) => n > 1).length,
          maxPerAddress: counts.reduce((m, n) => Math.max(m, n), 0),
          batches: state.batches,
          limited: state.limited,
          replays: state.replays,
          requests: state.requests,
          firstAt: state.firstAt,
          lastAt: state.lastAt,
          lastBatchKey: state.lastBatchKey,
        });
      }
      if (req.method === "POST" && req.url === "/__reset") {
        state.perAddress.clear();
        Object.assign(state, { delivered: 0, batches: 0, limited: 0, replays: 0, requests: 0, firstAt: null, lastAt: null, lastBatchKey: null });
        state.keys.clear();
        return answer(200, { ok: true });
      }
      if (req.method !== "POST" || (req.url !== "/emails" && req.url !== "/emails/batch")) return fail(404, "not_found", "Not found");
      state.requests++;
      if (!admit()) {
        state.limited++;
        return fail(429, "rate_limit_exceeded", "Too many requests. You can only make 2 requests per second.", {
          "retry-after": "1",
          "ratelimit-limit": String(requestsPerSecond),
          "ratelimit-remaining": "0",
          "ratelimit-reset": "1",
        });
      }
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        return fail(422, "validation_error", "The body is not JSON.");
      }
      const isBatch = req.url === "/emails/batch";
      const emails = isBatch ? body : [body];
      if (!Array.isArray(emails) || emails.length === 0) return fail(422, "validation_error", "The body must be a non-empty array.");
      if (emails.length > 100) return fail(422, "validation_error", "Too many emails: a batch holds at most 100.");
      const key = typeof req.headers["idempotency-key"] === "string" ? `${req.url}:${req.headers["idempotency-key"]}` : null;
      const bodyHash = createHash("sha256").update(raw).digest("hex");
      if (key && state.keys.has(key)) {
        const seen = state.keys.get(key);
        if (seen.bodyHash !== bodyHash) return fail(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
        state.replays++;
        return answer(200, seen.response);
      }
      const ids = emails.map((m) => {
        const to = Array.isArray(m.to) ? String(m.to[0]) : String(m.to);
        state.perAddress.set(to, (state.perAddress.get(to) ?? 0) + 1);
        state.delivered++;
        return { id: `fake-${++state.seq}` };
      });
      if (isBatch) {
        state.batches++;
        state.lastBatchKey = String(req.headers.authorization ?? "").replace(/^Bearer\s+/i, "") || null;
      }
      state.firstAt ??= Date.now();
      state.lastAt = Date.now();
      const response = isBatch ? { data: ids } : ids[0];
      if (key) state.keys.set(key, { bodyHash, response });
      return answer(200, response);
    });
  });
  const listening = await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server.address().port));
  });
  return { baseUrl: `http://127.0.0.1:${listening}`, port: listening, close: () => new Promise((r) => server.close(() => r())) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? fallback : Number(process.argv[i + 1]);
  };
  const fake = await startFakeResend({ port: arg("port", 0), requestsPerSecond: arg("rps", 2) });
  console.log(`listening ${fake.port}`);
}
