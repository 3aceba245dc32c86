// Errors with codes that map to HTTP statuses; messages are safe to show a person.
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
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return statusOf[this.code];
  }
}
