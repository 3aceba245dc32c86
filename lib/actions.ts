import "server-only";
// The one shape of a server action: parse the form with Zod → get the actor → call lib/ → turn an AppError into
// form state (what was typed comes back with it) → expire cache tags → redirect. A refused action never answers 500.
import { updateTag } from "next/cache";
import { redirect } from "next/navigation";
import { ZodError, type z } from "zod";
import { getCurrentUser, type CurrentUser } from "./auth/session";
import { AppError } from "./errors";
import { fieldErrorsOf, formValues, type FormState } from "./forms";
import { findUnsafeCharacter, unsafeCharacterMessage } from "./text";

export type ActionContext = { actor: CurrentUser | null; formData: FormData };
/** What a successful action does next: expire these cache tags, then go there (or show the message). */
export type ActionDone = { redirectTo?: string; tags?: string[]; message?: string };

type Config<S extends z.ZodType, State extends FormState> = {
  schema: S;
  /** Fields sent back with an error so that nothing typed is lost. */
  keep?: readonly string[];
  /**
   * The form's sentence when a field is refused (say, for a form of hidden fields); null: none, the field's own
   * message beside it says it all. The per-field messages come either way.
   */
  invalidMessage?: string | null;
  /** Calls lib/; returns what to do next, or a state of its own (field errors from lib/, a success message). */
  run: (input: z.output<S>, context: ActionContext) => Promise<ActionDone | NoInfer<State>>;
};

const FIX_FIELDS = "Please fix the marked fields. Your text is still here.";

/** The text fields of a form, with files and empty strings left out (so Zod defaults apply). */
function textEntries(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string" && value !== "" && !key.startsWith("$ACTION")) out[key] = value;
  return out;
}

function isState<State extends FormState>(value: ActionDone | State): value is State {
  return "status" in value;
}

/** A server action for `useActionState(action, idleState)`. */
export function formAction<S extends z.ZodType, State extends FormState = FormState>(config: Config<S, State>) {
  return async (_prev: State, formData: FormData): Promise<State> => {
    const values = formValues(formData, [...(config.keep ?? [])]);
    const invalid = config.invalidMessage === undefined ? FIX_FIELDS : (config.invalidMessage ?? undefined);
    const fields = textEntries(formData);
    const unsafe = Object.entries(fields).flatMap(([key, value]) => {
      const found = findUnsafeCharacter(value);
      return found ? [[key, unsafeCharacterMessage(found, value.includes("\n"))] as const] : [];
    });
    if (unsafe.length > 0) return { status: "error", message: invalid, fieldErrors: Object.fromEntries(unsafe), values } as State;
    const parsed = config.schema.safeParse(fields);
    if (!parsed.success) return { status: "error", message: invalid, fieldErrors: fieldErrorsOf(parsed.error), values } as State;
    let done: ActionDone | State;
    try {
      done = await config.run(parsed.data, { actor: await getCurrentUser(), formData });
    } catch (error) {
      if (error instanceof AppError) return { status: "error", message: error.message, fieldErrors: error.fieldErrors, values } as State;
      // A lib/ schema that refused what it was given: the person reads its field messages, not a 500.
      if (error instanceof ZodError) return { status: "error", message: FIX_FIELDS, fieldErrors: fieldErrorsOf(error), values } as State;
      throw error; // a fault, not a refusal (redirects pass through here too): error.tsx says so in plain words
    }
    if (isState(done)) return done.status === "error" ? ({ values, ...done } as State) : done;
    for (const tag of done.tags ?? []) updateTag(tag);
    if (done.redirectTo) redirect(done.redirectTo);
    return { status: "success", message: done.message } as State;
  };
}
