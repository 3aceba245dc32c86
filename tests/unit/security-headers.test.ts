import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnv, resetEnvCache } from "@/lib/env";
import { applySecurityHeaders, buildSecurityHeaders, contentSecurityPolicy, stripeFakeOrigin } from "@/lib/security-headers";

/** The policy's directives as name → sources, for assertions that do not depend on order. */
function directivesOf(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );
}

const production = { NODE_ENV: "production", SITE_URL: "https://attune.example" };

describe("contentSecurityPolicy", () => {
  it("allows only the site itself by default, with inline scripts and styles and no plugins, framing or foreign base", () => {
    const d = directivesOf(contentSecurityPolicy(parseEnv(production)));
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get("img-src")).toEqual(["'self'", "data:"]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("form-action")).toEqual(["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"]);
  });

  it("adds 'unsafe-eval' in development only", () => {
    expect(directivesOf(contentSecurityPolicy(parseEnv({ NODE_ENV: "development" }))).get("script-src")).toContain("'unsafe-eval'");
    expect(directivesOf(contentSecurityPolicy(parseEnv({ NODE_ENV: "test" }))).get("script-src")).not.toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(parseEnv(production))).not.toContain("unsafe-eval");
  });

  it("upgrades insecure requests only when SITE_URL is https", () => {
    expect(directivesOf(contentSecurityPolicy(parseEnv(production))).has("upgrade-insecure-requests")).toBe(true);
    expect(directivesOf(contentSecurityPolicy(parseEnv({ ...production, SITE_URL: "http://localhost:3202" }))).has("upgrade-insecure-requests")).toBe(false);
  });

  it("lets images come from the IMAGE_HOSTS allow-list, over https", () => {
    const d = directivesOf(contentSecurityPolicy(parseEnv({ ...production, IMAGE_HOSTS: "upload.wikimedia.org, Images.Example.org" })));
    expect(d.get("img-src")).toEqual(["'self'", "data:", "https://upload.wikimedia.org", "https://images.example.org"]);
  });

  it("lets forms reach the local fake Stripe when the SDK is pointed at it", () => {
    const e = parseEnv({ ...production, STRIPE_API_HOST: "127.0.0.1", STRIPE_API_PORT: "4567", STRIPE_API_PROTOCOL: "http" });
    expect(stripeFakeOrigin(e)).toBe("http://127.0.0.1:4567");
    expect(directivesOf(contentSecurityPolicy(e)).get("form-action")).toEqual([
      "'self'",
      "https://checkout.stripe.com",
      "https://billing.stripe.com",
      "http://127.0.0.1:4567",
    ]);
  });

  it("never lets a malformed Stripe host add a directive", () => {
    const e = parseEnv({ ...production, STRIPE_API_HOST: "evil.example;script-src *", STRIPE_API_PROTOCOL: "http" });
    expect(stripeFakeOrigin(e)).toBeUndefined();
    const d = directivesOf(contentSecurityPolicy(e));
    expect(d.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get("form-action")).toEqual(["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"]);
  });
});

describe("buildSecurityHeaders", () => {
  it("sends the policy with nosniff, a referrer policy and no framing", () => {
    const headers = Object.fromEntries(buildSecurityHeaders(parseEnv(production)).map((h) => [h.key, h.value]));
    expect(headers["Content-Security-Policy"]).toBe(contentSecurityPolicy(parseEnv(production)));
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["X-Frame-Options"]).toBe("DENY");
  });
});

describe("applySecurityHeaders", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("sets every header on a real response, from the current configuration", async () => {
    process.env.IMAGE_HOSTS = "upload.wikimedia.org";
    resetEnvCache();
    const server = http.createServer((_req, res) => {
      applySecurityHeaders(res);
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(directivesOf(response.headers.get("content-security-policy") ?? "").get("img-src")).toContain("https://upload.wikimedia.org");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
