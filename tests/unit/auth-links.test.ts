import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/auth/paths";
import { confirmLinkFor } from "@/lib/auth/signin-email";

describe("confirmLinkFor", () => {
  it("points the emailed link at the confirm page on SITE_URL, whatever host Auth.js used", () => {
    const link = confirmLinkFor(
      "http://localhost:3000/api/auth/callback/email?callbackUrl=http%3A%2F%2Flocalhost%3A3000%2Fwelcome%3Fnext%3D%252Fme&token=abc123&email=a%40example.org",
      "https://attune.example",
    );
    const url = new URL(link);
    expect(url.origin).toBe("https://attune.example");
    expect(url.pathname).toBe("/signin/confirm");
    expect(url.searchParams.get("token")).toBe("abc123");
    expect(url.searchParams.get("email")).toBe("a@example.org");
    expect(url.searchParams.get("callbackUrl")).toBe("/welcome?next=%2Fme");
  });

  it("never carries a callback to another site", () => {
    const link = confirmLinkFor(
      "http://localhost:3000/api/auth/callback/email?callbackUrl=https%3A%2F%2Fevil.example%2Fsteal&token=t&email=a%40example.org",
      "https://attune.example",
    );
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
    ["/.//evil.example", "/"],
    ["/./\\evil.example", "/"],
    ["/a/..//evil.example", "/"],
    ["/../x", "/x"],
    ["\\\\evil.example", "/"],
    ["/\tevil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["/\r\n//evil.example", "/"],
    ["http://localhost/x", "/"],
    ["HTTPS://evil.example", "/"],
  ])("%j → %j", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  // Whatever comes in, what goes out is a path on this site: never //host or /\host, which browsers treat as another site.
  it.each(["/.//x", "/../x", "/%2F%2Fx", "/\\x", "\\\\x", "/%5C%5Cx", "/.%2F/x", "/\t//x", "/ //x", "/x?next=//evil", "/x#//evil"])(
    "%j stays on this site",
    (input) => {
      const out = safeNextPath(input);
      expect(out.startsWith("/")).toBe(true);
      expect(out.startsWith("//")).toBe(false);
      expect(out.startsWith("/\\")).toBe(false);
      expect(new URL(out, "https://attune.example").origin).toBe("https://attune.example");
    },
  );
});

describe("confirmLinkFor keeps the next page on this site", () => {
  it("turns a callback that normalises to //host into /", () => {
    const link = confirmLinkFor(
      "http://localhost:3000/api/auth/callback/email?callbackUrl=%2F.%2F%2Fevil.example&token=t&email=a%40example.org",
      "https://attune.example",
    );
    expect(new URL(link).searchParams.get("callbackUrl")).toBe("/");
  });
});
