// The one place that picks the secret behind sessions and newsletter links.
import { env } from "../env";

/** Fixed, public, and only for development and tests, so that sign-in works with no setup. */
const DEVELOPMENT_SECRET = "attune-development-secret-change-me";

/** AUTH_SECRET; outside a production start the development secret stands in for it. Undefined: a production start without one. */
export function authSecret(): string | undefined {
  const e = env();
  return e.AUTH_SECRET ?? (e.isProductionStart ? undefined : DEVELOPMENT_SECRET);
}
