import { describe, expect, it } from "vitest";
import { categoryParam, decodeSegment, idParam, letterParam, readParam, slugParam, tokenParam } from "@/lib/params";

describe("decodeSegment", () => {
  it("decodes once, so a literal % survives", () => {
    expect(decodeSegment("Attachment%20Style")).toBe("Attachment Style");
    expect(decodeSegment("%2525")).toBe("%25");
    expect(decodeSegment("caf%C3%A9")).toBe("café");
  });

  it("refuses malformed escapes and invalid UTF-8", () => {
    for (const bad of ["%", "%25%", "%E0%A4%A", "%C0%AF", "%FF", "%ED%A0%80"]) expect(decodeSegment(bad), bad).toBeNull();
  });

  it("refuses NUL and other control characters", () => {
    for (const bad of ["a%00b", "%0A", "a%7Fb", "%C2%85"]) expect(decodeSegment(bad), bad).toBeNull();
  });
});

describe("readParam", () => {
  it("decodes a page's (encoded) param and leaves a decoded one alone", () => {
    expect(readParam(categoryParam, "100%25%20Love", "encoded")).toBe("100% Love");
    expect(readParam(categoryParam, "100% Love", "decoded")).toBe("100% Love");
    expect(readParam(slugParam, "%25", "decoded")).toBeNull();
  });

  it("refuses control characters in a decoded param too", () => {
    expect(readParam(slugParam, "a\u0000b", "decoded")).toBeNull();
    expect(readParam(categoryParam, "Love\nStyle", "decoded")).toBeNull();
  });

  it("accepts slugs only in the form articles give them", () => {
    expect(readParam(slugParam, "anxious-avoidant-relationship", "encoded")).toBe("anxious-avoidant-relationship");
    for (const bad of ["", "Jealousy", "-a", "a--b", "a-", "../etc", "..%2F..%2Fetc", "a".repeat(101)])
      expect(readParam(slugParam, bad, "encoded"), bad).toBeNull();
  });

  it("accepts categories of 1–60 characters without outer spaces", () => {
    expect(readParam(categoryParam, "Attachment%20Style", "encoded")).toBe("Attachment Style");
    for (const bad of ["", "%20", "%20Love", "Love%20", "a".repeat(61)]) expect(readParam(categoryParam, bad, "encoded"), bad).toBeNull();
  });

  it("turns an id into a positive PostgreSQL integer", () => {
    expect(readParam(idParam, "42", "encoded")).toBe(42);
    expect(readParam(idParam, "999999999", "encoded")).toBe(999_999_999);
    for (const bad of ["0", "01", "-1", "1.5", "1e3", "99999999999", "%25", " 1"]) expect(readParam(idParam, bad, "encoded"), bad).toBeNull();
  });

  it("accepts one letter and URL-safe tokens", () => {
    expect(readParam(letterParam, "q", "encoded")).toBe("q");
    expect(readParam(letterParam, "%25", "encoded")).toBeNull();
    expect(readParam(tokenParam, "12-abcDEF_-", "encoded")).toBe("12-abcDEF_-");
    expect(readParam(tokenParam, "a%20b", "encoded")).toBeNull();
  });
});
