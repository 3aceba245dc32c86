// Form state shared by server actions and the forms that call them with useActionState.
import type { z } from "zod";

export type FormState = {
  status: "idle" | "error" | "success";
  /** A sentence for the whole form. */
  message?: string;
  /** One sentence per field, keyed by the field's name. */
  fieldErrors?: Record<string, string>;
  /** What the person typed, returned so that nothing is lost when the form comes back with errors. */
  values?: Record<string, string>;
};

export const idleState: FormState = { status: "idle" };

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}

export function formValues(formData: FormData, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, typeof formData.get(k) === "string" ? (formData.get(k) as string) : ""]));
}
