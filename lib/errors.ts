// The one error a lib/ function throws for a person to read: a code that maps to an HTTP status, a sentence that is
// safe to show, and (for a form) a sentence per field. Anything else thrown is a fault: logged, never shown.
export type AppErrorCode = "bad_request" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "rate_limited" | "unavailable";

const statusOf: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

// Next bundles lib/ more than once per process (instrumentation, each route), so an AppError made by one copy (the
// render pool, shared on globalThis) must still be an AppError to another: instanceof reads a shared brand.
const BRAND = Symbol.for("attune.AppError");

export class AppError extends Error {
  readonly [BRAND] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  constructor(
    public readonly code: AppErrorCode,
    message: string,
    /** One sentence per form field, keyed by the field's name; a form shows each beside its input. */
    public readonly fieldErrors: Record<string, string> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "AppError";
  }
  get status(): number {
    return statusOf[this.code];
  }
}

/**
 * How a route handler answers an AppError: its status and its sentence, as JSON (`{ error }`) or plain text, never
 * cached. Anything else is rethrown, so Next answers 500 and logs it.
 */
export function errorResponse(error: unknown, format: "json" | "text" = "json", headers: Record<string, string> = {}): Response {
  if (!(error instanceof AppError)) throw error;
  const init = { status: error.status, headers: { "Cache-Control": "no-store", ...headers } };
  if (format === "text") return new Response(`${error.message}\n`, { ...init, headers: { "Content-Type": "text/plain; charset=utf-8", ...init.headers } });
  return Response.json({ error: error.message }, init);
}
