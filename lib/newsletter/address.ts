// Subscriber addresses: trimmed, lower-cased and checked once, here.
import { z } from "zod";

export const subscriberEmailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That address is too long.")
  .transform((v) => v.toLowerCase())
  .pipe(z.email("Enter an email address such as name@example.org."));

/** The stored form of an address, or null when it is not a usable address. */
export function normaliseEmail(raw: string): string | null {
  const parsed = subscriberEmailSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
