import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/auth/paths";
import { confirmLinkFor } from "@/lib/auth/signin-email";

describe("confirmLinkFor", () => {
  it("points the emailed link at the confirm page on SITE_URL, whatever host Auth.js used", () => {
    const link = confirmLinkFor("http://localhost:3000/api/auth/callback/email?callbackUrl=http%3A%2F%2Flocalhost%3A3000%2Fwelcome%3Fnext%3D%252Fme&token=abc123&email=a%40example.org", "https://attune.example");
    const url = new URL(link);
    expect(url.origin).toBe("https://attune.example");
    expect(url.pathname).toBe("/signin/confirm");
    expect(url.searchParams.get("token")).toBe("abc123");
    expect(url.searchParams.get("email")).toBe("a@example.org");
    expect(url.searchParams.get("callbackUrl")).toBe("/welcome?next=%2Fme");
  });

  it("never carries a callback to another site", () => {
    const link = confirmLinkFor("http://localhost:3000/api/auth/callback/email?callbackUrl=https%3A%2F%2Fevil.example%2Fsteal&token=t&email=a%40example.org", "https://attune.example");
    expect(new URL(link).searchParams.get("callbackUrl")).toBe("/steal");
  });
});

describe("safeNextPath", () => {
  it.each([
    ["/me/proposals?x=1", "/me/proposals?x=1"],
    ["/", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    [undefined, "/"],
    [42, "/"],
  ])("%j → %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});
