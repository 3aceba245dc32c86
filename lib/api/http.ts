// How every /api/v1 answer is made: JSON, open to any origin for GET, cached at the edge like an article page, rate
// limited per client address, and errors as `{ error: { code, message } }` in words a person reads — never a 500.
import "server-only";
import { CLIENT_IP_HEADER } from "../client-address";
import { getDb } from "../db/client";
import { env } from "../env";
import { AppError, type AppErrorCode } from "../errors";
import { hitRateLimit } from "../rate-limit";
import type { ApiError } from "./schemas";

/** As article pages (next.config.ts): the edge keeps an answer 1 s and serves it stale 1 s more while it refreshes. */
export const API_CACHE_CONTROL = "public, max-age=0, s-maxage=1, stale-while-revalidate=1";
/** The OpenAPI document changes only with a deployment. */
export const DOCUMENT_CACHE_CONTROL = "public, max-age=300, s-maxage=60";

export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Accept",
  "Access-Control-Expose-Headers": "Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Location",
  "Access-Control-Max-Age": "86400",
};

const JSON_TYPE = "application/json; charset=utf-8";

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "Content-Type": JSON_TYPE, "Cache-Control": API_CACHE_CONTROL, ...CORS_HEADERS, ...init.headers },
  });
}

const statusOf: Record<ApiError["error"]["code"], number> = { bad_request: 400, not_found: 404, rate_limited: 429, unavailable: 503 };

export function apiError(code: ApiError["error"]["code"], message: string, headers: Record<string, string> = {}): Response {
  const body: ApiError = { error: { code, message } };
  // A 404 is cached like the page it stands for (an approval refreshes it); the others are about this request only.
  const cache = code === "not_found" ? API_CACHE_CONTROL : "no-store";
  return jsonResponse(body, { status: statusOf[code], headers: { "Cache-Control": cache, ...headers } });
}

const apiCodeOf = (code: AppErrorCode): ApiError["error"]["code"] =>
  code === "not_found" ? "not_found" : code === "rate_limited" ? "rate_limited" : code === "unavailable" ? "unavailable" : "bad_request";

/** The answer to a CORS preflight: any origin may GET. */
export function preflight(): Response {
  return new Response(null, { status: 204, headers: { ...CORS_HEADERS, "Cache-Control": "public, max-age=86400" } });
}

/** The client address lib/startup.ts stamped on the request (from the socket, or a trusted proxy's X-Forwarded-For). */
export const clientOf = (request: Request) => request.headers.get(CLIENT_IP_HEADER) ?? "unknown";

/**
 * Runs one API request: the client's rate limit first (429 with Retry-After when spent), then the handler; an
 * AppError becomes its JSON error, anything else is logged and answered 503 in words, never a bare 500.
 */
export async function serveApi(request: Request, handle: () => Promise<Response>): Promise<Response> {
  try {
    const limit = env().RATE_LIMIT_API_PER_MINUTE;
    const hit = await hitRateLimit(getDb(), { key: `api:${clientOf(request)}`, limit, windowSeconds: 60 });
    const resetSeconds = Math.max(1, Math.ceil((hit.resetAt.getTime() - Date.now()) / 1000));
    const rateHeaders = {
      "RateLimit-Limit": String(limit),
      "RateLimit-Remaining": String(Math.max(0, limit - hit.count)),
      "RateLimit-Reset": String(resetSeconds),
    };
    if (!hit.allowed) {
      return apiError(
        "rate_limited",
        `Too many requests from your address: the API answers ${limit} a minute per address. Try again in ${resetSeconds} second${resetSeconds === 1 ? "" : "s"}.`,
        { ...rateHeaders, "Retry-After": String(resetSeconds) },
      );
    }
    const response = await handle();
    for (const [k, v] of Object.entries(rateHeaders)) response.headers.set(k, v);
    return response;
  } catch (error) {
    if (error instanceof AppError) return apiError(apiCodeOf(error.code), error.message);
    console.error("api/v1:", error);
    return apiError("unavailable", "Something went wrong on our side while answering. Please try again in a moment.", { "Retry-After": "5" });
  }
}
