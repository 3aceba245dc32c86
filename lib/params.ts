// URL segments from dynamic routes, checked before anything looks them up (a bad one is a 404, never a query).
import { z } from "zod";

/** An article, alias or newsletter slug: the form lib/articles/source.ts and lib/newsletter/issues.ts give them. */
export const slugParam = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

/** A category as an article names it (1–60 characters, trimmed). */
export const categoryParam = z
  .string()
  .min(1)
  .max(60)
  .regex(/^\S(?:.*\S)?$/);

/** A database id: a positive PostgreSQL integer, written without leading zeros. */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,8}$/)
  .transform(Number);

/** A page of a listing after the first (page 1 is the listing's own address). */
export const pageParam = z
  .string()
  .regex(/^(?:[2-9]|[1-9]\d{1,4})$/)
  .transform(Number);

/** A letter of the A–Z index. */
export const letterParam = z.string().regex(/^[a-z]$/);

/** An opaque link token: URL-safe characters only (its own module checks what it says). */
export const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/);

// C0 and C1 control characters and DEL: no name or slug holds one, and PostgreSQL refuses NUL outright.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** One percent-encoded segment, decoded; null when an escape is malformed or the text holds a control character. */
export function decodeSegment(value: string): string | null {
  let text: string;
  try {
    text = decodeURIComponent(value);
  } catch {
    return null;
  }
  return CONTROL.test(text) ? null : text;
}

/**
 * Next 16.4 under `next start` (measured) hands a page component its params percent-encoded, but generateMetadata
 * and route handlers (the article image, API routes) theirs decoded: decode the first once and never the second.
 */
export type ParamForm = "encoded" | "decoded";

/** A route param checked against `schema`; null when it cannot be decoded or is not such a value. */
export function readParam<T>(schema: z.ZodType<T, string>, value: string, form: ParamForm): T | null {
  const text = form === "encoded" ? decodeSegment(value) : CONTROL.test(value) ? null : value;
  if (text === null) return null;
  const parsed = schema.safeParse(text);
  return parsed.success ? parsed.data : null;
}
