// The API's keyset cursors (lib/api/cursor.ts): what one list gives out it takes back, anything else is a 400 that
// says what to do; and the page size is bounded.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, readLimit } from "@/lib/api/cursor";
import { DEFAULT_LIMIT, MAX_LIMIT } from "@/lib/api/schemas";
import { AppError } from "@/lib/errors";

const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("bad_request");
    return (error as AppError).message;
  }
  throw new Error("expected a refusal");
};

describe("cursors", () => {
  it("give back the key they hold, for every list", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_147_483_647 }), fc.string({ minLength: 1, maxLength: 60 }), (id, text) => {
        expect(decodeCursor("articles", encodeCursor<"articles">({ list: "articles", id }))).toEqual({ list: "articles", id });
        expect(decodeCursor("changes", encodeCursor<"changes">({ list: "changes", id }))).toEqual({ list: "changes", id });
        expect(decodeCursor("categories", encodeCursor<"categories">({ list: "categories", name: text }))).toEqual({ list: "categories", name: text });
        expect(decodeCursor("category", encodeCursor<"category">({ list: "category", title: text, id }))).toEqual({ list: "category", title: text, id });
      }),
    );
  });

  it("are absent for the first page", () => {
    expect(decodeCursor("articles", null)).toBeNull();
    expect(decodeCursor("articles", "")).toBeNull();
  });

  it("from another list, hand-made or garbled, are refused in words", () => {
    const other = encodeCursor<"changes">({ list: "changes", id: 3 });
    const json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const raw of [
      other,
      "not a cursor",
      "%%%",
      json({}),
      json({ list: "articles", id: -1 }),
      json({ list: "articles", id: 1, extra: 1 }),
      "x".repeat(1000),
    ]) {
      expect(refused(() => decodeCursor("articles", raw))).toMatch(/cursor/);
    }
  });
});

describe("limit", () => {
  it("defaults, and is held between 1 and the maximum", () => {
    expect(readLimit(null)).toBe(DEFAULT_LIMIT);
    expect(readLimit("1")).toBe(1);
    expect(readLimit(String(MAX_LIMIT))).toBe(MAX_LIMIT);
    for (const raw of ["0", String(MAX_LIMIT + 1), "-5", "2.5", "ten", "1e2"]) expect(refused(() => readLimit(raw))).toMatch(/limit must be a whole number/);
  });
});
