import { describe, expect, it } from "vitest";
import { isKeptInSharedCache, sharedCacheKeyPrefix } from "@/lib/shared-cache.mjs";
import { DEV_ACTIONS_KEY, EnvError, parseEnv } from "@/lib/env";

describe("shared page cache: what it keeps", () => {
  it("keeps rendered articles and their data, not a missing article's 404 page or its empty lookups", () => {
    expect(isKeptInSharedCache({ kind: "APP_PAGE", status: 200, html: "<p>x</p>" })).toBe(true);
    expect(isKeptInSharedCache({ kind: "APP_PAGE", html: "<p>x</p>" })).toBe(true);
    expect(isKeptInSharedCache({ kind: "APP_PAGE", status: 404, html: "not found" })).toBe(false);
    expect(isKeptInSharedCache({ kind: "FETCH", data: { body: JSON.stringify({ slug: "ghosting" }) } })).toBe(true);
    expect(isKeptInSharedCache({ kind: "FETCH", data: { body: "null" } })).toBe(false);
    expect(isKeptInSharedCache({ kind: "FETCH", data: { body: JSON.stringify({ kind: "missing" }) } })).toBe(false);
    expect(isKeptInSharedCache({ kind: "FETCH", data: { body: JSON.stringify({ kind: "redirect", slug: "x" }) } })).toBe(true);
  });

  it("prefixes keys by build and database, without the password", () => {
    const a = sharedCacheKeyPrefix({ buildId: "build-1", databaseUrl: "postgres://u:secret@db:5432/attune" });
    expect(a).toMatch(/^attune:build-1:[0-9a-f]{12}:$/);
    expect(a).not.toContain("secret");
    expect(sharedCacheKeyPrefix({ buildId: "build-1", databaseUrl: "postgres://u:other@db:5432/attune" })).toBe(a);
    expect(sharedCacheKeyPrefix({ buildId: "build-2", databaseUrl: "postgres://u:secret@db:5432/attune" })).not.toBe(a);
    expect(sharedCacheKeyPrefix({ buildId: "build-1", databaseUrl: "postgres://u:secret@db:5432/other" })).not.toBe(a);
    expect(sharedCacheKeyPrefix({ buildId: "build-1", pgliteDir: "/srv/a" })).not.toBe(sharedCacheKeyPrefix({ buildId: "build-1", pgliteDir: "/srv/b" }));
    expect(() => sharedCacheKeyPrefix({ buildId: undefined })).toThrow(/npm run build/);
  });
});

describe("parseEnv: several instances", () => {
  const production = { NODE_ENV: "production", SITE_URL: "https://attune.example", EMAIL_TRANSPORT: "disabled" };

  it("has defaults that need nothing: no Redis, a 10 s drain", () => {
    const e = parseEnv({});
    expect(e.REDIS_URL).toBeUndefined();
    expect(e.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY).toBeUndefined();
    expect(e.SHUTDOWN_TIMEOUT_MS).toBe(10_000);
  });

  it("refuses a Redis address or key that cannot work, in words", () => {
    expect(() => parseEnv({ REDIS_URL: "127.0.0.1:6379" })).toThrow(/REDIS_URL: must start with redis:\/\//);
    expect(() => parseEnv({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: "short" })).toThrow(/32 random bytes in base64/);
    expect(parseEnv({ REDIS_URL: "redis://127.0.0.1:6379" }).REDIS_URL).toBe("redis://127.0.0.1:6379");
  });

  it("refuses the public development key on a production server", () => {
    expect(() => parseEnv({ ...production, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: DEV_ACTIONS_KEY })).toThrow(EnvError);
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(parseEnv({ ...production, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key }).NEXT_SERVER_ACTIONS_ENCRYPTION_KEY).toBe(key);
  });
});
