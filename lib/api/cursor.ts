// Opaque cursors for the API's keyset pagination: the last row's key, as base64url JSON, tagged with its list so
// that a cursor of one list is refused by another. Pure, so it is unit-tested.
import { z } from "zod";
import { AppError } from "../errors";
import { DEFAULT_LIMIT, MAX_CURSOR_CHARS, MAX_LIMIT } from "./schemas";

const id = z.number().int().positive().max(2_147_483_647);

const cursorSchemas = {
  articles: z.object({ list: z.literal("articles"), id }).strict(),
  changes: z.object({ list: z.literal("changes"), id }).strict(),
  categories: z.object({ list: z.literal("categories"), name: z.string().min(1).max(60) }).strict(),
  category: z.object({ list: z.literal("category"), title: z.string().min(1).max(200), id }).strict(),
};
export type CursorList = keyof typeof cursorSchemas;
export type Cursor<L extends CursorList> = z.infer<(typeof cursorSchemas)[L]>;

export function encodeCursor<L extends CursorList>(value: Cursor<L>): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

const badCursor = () =>
  new AppError("bad_request", "That cursor is not one this list gave out. Use the `next` value of the page before, or leave cursor out for the first page.");

/** The key a cursor holds, or bad_request when it was not made by encodeCursor for this list. */
export function decodeCursor<L extends CursorList>(list: L, raw: string | null | undefined): Cursor<L> | null {
  if (raw === null || raw === undefined || raw === "") return null;
  if (raw.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(raw)) throw badCursor();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw badCursor();
  }
  const parsed = cursorSchemas[list].safeParse(value);
  if (!parsed.success) throw badCursor();
  return parsed.data as Cursor<L>;
}

/** `limit` as a reader wrote it: absent → the default; otherwise 1 to MAX_LIMIT, or bad_request saying so. */
export function readLimit(raw: string | null | undefined): number {
  if (raw === null || raw === undefined || raw === "") return DEFAULT_LIMIT;
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new AppError("bad_request", `limit must be a whole number from 1 to ${MAX_LIMIT}.`);
  return n;
}
