import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

/** The EnvError parseEnv throws for `source`; fails the test if it does not throw one. */
function envErrorOf(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return err as EnvError;
  }
  throw new Error(`parseEnv(${JSON.stringify(source)}) did not throw`);
}

describe("parseEnv: defaults", () => {
  it("fills defaults for an empty environment", () => {
    const e = parseEnv({});
    expect(e.NODE_ENV).toBe("development");
    expect(e.PGLITE_DIR).toBe(".data/pglite");
    expect(e.SITE_URL).toBe("http://localhost:3000");
    expect(e.SITE_NAME).toBe("Attune");
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.DB_POOL_MAX).toBe(10);
    expect(e.ADMIN_EMAILS).toEqual([]);
    expect(e.TRUSTED_PROXY).toEqual([]);
    expect(e.SKIP_SEED).toBe(false);
    expect(e.RATE_LIMIT_SIGNIN_PER_HOUR).toBe(5);
    expect(e.RATE_LIMIT_SIGNIN_PER_IP_PER_HOUR).toBe(30);
    expect(e.MAX_SOURCE_KB).toBe(100);
    expect(e.isProductionStart).toBe(false);
  });

  it("treats empty strings as unset for optional text", () => {
    const e = parseEnv({ DATABASE_URL: "", SITE_URL: "  ", RESEND_API_KEY: "", AUTH_SECRET: "" });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.SITE_URL).toBe("http://localhost:3000");
    expect(e.RESEND_API_KEY).toBeUndefined();
    expect(e.AUTH_SECRET).toBeUndefined();
    expect(e.EMAIL_TRANSPORT).toBe("outbox");
  });

  it("removes trailing slashes from SITE_URL", () => {
    expect(parseEnv({ SITE_URL: "https://attune.example/" }).SITE_URL).toBe("https://attune.example");
    expect(parseEnv({ SITE_URL: "https://attune.example//" }).SITE_URL).toBe("https://attune.example");
    expect(parseEnv({ SITE_URL: " https://attune.example/wiki " }).SITE_URL).toBe("https://attune.example/wiki");
  });

  it("uses the outbox transport in development and test", () => {
    expect(parseEnv({ NODE_ENV: "development" }).EMAIL_TRANSPORT).toBe("outbox");
    expect(parseEnv({ NODE_ENV: "test" }).EMAIL_TRANSPORT).toBe("outbox");
  });

  it("disables email in a production start without a Resend key", () => {
    const e = parseEnv({ NODE_ENV: "production", SITE_URL: "https://attune.example" });
    expect(e.EMAIL_TRANSPORT).toBe("disabled");
    expect(e.isProductionStart).toBe(true);
  });

  it("uses resend when RESEND_API_KEY is set", () => {
    expect(parseEnv({ RESEND_API_KEY: "re_123" }).EMAIL_TRANSPORT).toBe("resend");
    expect(parseEnv({ NODE_ENV: "production", SITE_URL: "https://attune.example", RESEND_API_KEY: "re_123" }).EMAIL_TRANSPORT).toBe("resend");
  });

  it("lets an explicit EMAIL_TRANSPORT win", () => {
    expect(parseEnv({ RESEND_API_KEY: "re_123", EMAIL_TRANSPORT: "outbox" }).EMAIL_TRANSPORT).toBe("outbox");
    expect(parseEnv({ EMAIL_TRANSPORT: "disabled" }).EMAIL_TRANSPORT).toBe("disabled");
  });

  it("parses booleans and numbers", () => {
    const e = parseEnv({ TRUSTED_PROXY: "true", SKIP_SEED: "1", RATE_LIMIT_SIGNIN_PER_HOUR: "12", DB_POOL_MAX: "3" });
    expect(e.TRUSTED_PROXY).toEqual(["127.0.0.1", "::1"]);
    expect(e.SKIP_SEED).toBe(true);
    expect(e.RATE_LIMIT_SIGNIN_PER_HOUR).toBe(12);
    expect(e.DB_POOL_MAX).toBe(3);
    expect(parseEnv({ TRUSTED_PROXY: "no" }).TRUSTED_PROXY).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXY: "" }).TRUSTED_PROXY).toEqual([]);
  });

  it("reads TRUSTED_PROXY as the addresses of the proxies to trust", () => {
    expect(parseEnv({ TRUSTED_PROXY: "10.0.0.2, ::ffff:10.0.0.3,2001:db8::7" }).TRUSTED_PROXY).toEqual(["10.0.0.2", "10.0.0.3", "2001:db8::7"]);
    expect(envErrorOf({ TRUSTED_PROXY: "10.0.0.2,proxy.internal" }).problems[0]).toMatch(/^TRUSTED_PROXY: .*list of IP addresses/);
  });

  it("refuses a production start with the outbox unless SITE_URL is on this machine", () => {
    const production = { NODE_ENV: "production", EMAIL_TRANSPORT: "outbox", AUTH_SECRET: "x" };
    expect(envErrorOf({ ...production, SITE_URL: "https://attune.example" }).problems[0]).toMatch(/^EMAIL_TRANSPORT: .*SITE_URL/);
    for (const site of ["http://localhost:3100", "http://127.0.0.1:3000", "http://[::1]:3000"])
      expect(parseEnv({ ...production, SITE_URL: site }).EMAIL_TRANSPORT).toBe("outbox");
    expect(parseEnv({ EMAIL_TRANSPORT: "outbox", SITE_URL: "https://attune.example" }).EMAIL_TRANSPORT).toBe("outbox"); // development
  });

  it("accepts postgres:// and postgresql:// database URLs", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u:p@localhost/db" }).DATABASE_URL).toBe("postgres://u:p@localhost/db");
    expect(parseEnv({ DATABASE_URL: "postgresql://localhost/db" }).DATABASE_URL).toBe("postgresql://localhost/db");
  });
});

describe("parseEnv: production", () => {
  it("requires SITE_URL on a production start", () => {
    const error = envErrorOf({ NODE_ENV: "production" });
    expect(error.name).toBe("EnvError");
    expect(error.message).toContain("SITE_URL");
    expect(error.problems).toEqual([expect.stringMatching(/^SITE_URL: is required in production/)]);
  });

  it("does not require SITE_URL during next build", () => {
    const e = parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" });
    expect(e.isProductionStart).toBe(false);
    expect(e.SITE_URL).toBe("http://localhost:3000");
  });

  it("still requires SITE_URL in other Next phases", () => {
    expect(envErrorOf({ NODE_ENV: "production", NEXT_PHASE: "phase-production-server" }).message).toContain("SITE_URL");
  });
});

describe("parseEnv: bad values name the variable", () => {
  it.each([
    ["DATABASE_URL", "mysql://x", "must start with postgres:// or postgresql://"],
    ["SITE_URL", "ftp://x", "must be a full http:// or https:// address"],
    ["SITE_URL", "attune.example", "must be a full http:// or https:// address"],
    ["RESEND_BASE_URL", "not a url", "must be a full http:// or https:// address"],
    ["EMAIL_TRANSPORT", "smtp", 'must be "resend", "outbox" or "disabled"'],
    ["RATE_LIMIT_SIGNIN_PER_HOUR", "-3", "must be greater than zero"],
    ["RATE_LIMIT_SIGNIN_PER_HOUR", "0", "must be greater than zero"],
    ["RATE_LIMIT_SIGNIN_PER_HOUR", "abc", "must be a whole number"],
    ["RATE_LIMIT_SIGNIN_PER_HOUR", "2.5", "must be a whole number"],
    ["DB_POOL_MAX", "many", "must be a whole number"],
    ["TRUSTED_PROXY", "maybe", 'must be "true", "false" or a comma-separated list of IP addresses'],
    ["EDGE_REFRESH_URL", "127.0.0.1:8080", "must be a full http:// or https:// address"],
    ["SKIP_SEED", "TRUE!", 'must be "true" or "false"'],
    ["NODE_ENV", "staging", ""],
  ])("%s=%j", (name, value, message) => {
    const error = envErrorOf({ [name]: value });
    expect(error.message).toContain(name);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].startsWith(`${name}: `)).toBe(true);
    expect(error.problems[0]).toContain(message);
  });

  it("reports every bad variable at once", () => {
    const error = envErrorOf({ DATABASE_URL: "mysql://x", TRUSTED_PROXY: "maybe" });
    expect(error.problems.map((p) => p.split(":")[0]).sort()).toEqual(["DATABASE_URL", "TRUSTED_PROXY"]);
    expect(error.message).toMatch(/^Invalid configuration:\n {2}- /);
  });

  it("requires RESEND_API_KEY when EMAIL_TRANSPORT is resend", () => {
    const error = envErrorOf({ EMAIL_TRANSPORT: "resend" });
    expect(error.problems).toEqual(["RESEND_API_KEY: is required when EMAIL_TRANSPORT is resend"]);
    expect(envErrorOf({ EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "  " }).message).toContain("RESEND_API_KEY");
  });
});

describe("parseEnv: ADMIN_EMAILS", () => {
  it("splits, trims and lower-cases the list, dropping empty entries", () => {
    expect(parseEnv({ ADMIN_EMAILS: " Alice@Example.COM , ,bob@example.org,, " }).ADMIN_EMAILS).toEqual(["alice@example.com", "bob@example.org"]);
  });

  it("accepts a single address", () => {
    expect(parseEnv({ ADMIN_EMAILS: "Editor@Attune.example" }).ADMIN_EMAILS).toEqual(["editor@attune.example"]);
  });
});

describe("parseEnv: IMAGE_HOSTS", () => {
  it("is empty by default", () => {
    expect(parseEnv({}).IMAGE_HOSTS).toEqual([]);
    expect(parseEnv({ IMAGE_HOSTS: " " }).IMAGE_HOSTS).toEqual([]);
  });

  it("parses a comma-separated list of host names, trimmed and in lower case", () => {
    expect(parseEnv({ IMAGE_HOSTS: " Upload.Wikimedia.org, images.example.org ,," }).IMAGE_HOSTS).toEqual(["upload.wikimedia.org", "images.example.org"]);
  });

  it.each(["https://upload.wikimedia.org", "upload.wikimedia.org/wiki", "images.example.org:8443", "*.example.org", "bad_host.org", "-x.org", "a b.org"])(
    "refuses %j as a host name, saying what to write",
    (value) => {
      const err = envErrorOf({ IMAGE_HOSTS: `upload.wikimedia.org,${value}` });
      expect(err.problems).toHaveLength(1);
      expect(err.problems[0]).toMatch(/^IMAGE_HOSTS: ".*" is not a bare host name: list names such as upload\.wikimedia\.org/);
    },
  );
});
