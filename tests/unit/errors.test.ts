import { describe, expect, it } from "vitest";
import { AppError, errorResponse } from "@/lib/errors";

describe("AppError and errorResponse, the one way a route answers a refusal", () => {
  it("answers each code with its status and sentence, never cached", async () => {
    for (const [code, status] of [
      ["bad_request", 400],
      ["unauthorized", 401],
      ["forbidden", 403],
      ["not_found", 404],
      ["conflict", 409],
      ["rate_limited", 429],
      ["unavailable", 503],
    ] as const) {
      const response = errorResponse(new AppError(code, `Refused: ${code}.`));
      expect(response.status, code).toBe(status);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({ error: `Refused: ${code}.` });
    }
  });

  it("answers in plain text when asked", async () => {
    const response = errorResponse(new AppError("forbidden", "Only administrators can export donations."), "text");
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe("Only administrators can export donations.\n");
  });

  it("rethrows anything that is not an AppError, so a fault stays a 500 and is logged", () => {
    const fault = new Error("connection reset");
    expect(() => errorResponse(fault)).toThrow(fault);
  });

  it("carries field messages for a form, none by default", () => {
    expect(new AppError("bad_request", "Fix the note.", { note: "Fix the note." }).fieldErrors).toEqual({ note: "Fix the note." });
    expect(new AppError("conflict", "Taken.").fieldErrors).toEqual({});
  });
});
