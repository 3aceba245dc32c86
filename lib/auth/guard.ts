import { AppError } from "../errors";
import { can, type Action, type Actor } from "./policy";

/**
 * Throws a typed error unless the actor may perform the action. Returns the actor, now known to exist: callers use
 * what it returns rather than asserting that theirs is set. `refusal` words the 403 for this action.
 */
export function requirePermission<A extends Actor>(actor: A | null | undefined, action: Action, refusal = "Your account is not allowed to do that."): A {
  if (!actor) throw new AppError("unauthorized", "Please sign in first.");
  if (!can(actor, action)) throw new AppError("forbidden", refusal);
  return actor;
}
