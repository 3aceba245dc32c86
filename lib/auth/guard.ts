import { AppError } from "../errors";
import { can, type Action, type Actor } from "./policy";

/** Throws a typed error unless the actor may perform the action. Returns the actor, now known to exist. */
export function requirePermission<A extends Actor>(actor: A | null | undefined, action: Action): A {
  if (!actor) throw new AppError("unauthorized", "Please sign in first.");
  if (!can(actor, action)) throw new AppError("forbidden", "Your account is not allowed to do that.");
  return actor;
}
