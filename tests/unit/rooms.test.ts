// The module boundaries of lib/ (issue 14, item 10): database code is marked server-only, and the data layer knows
// no domain. Read from the source files, so a new module that breaks a rule fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const lib = path.join(root, "lib");
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
const rel = (f: string) => path.relative(root, f);
const source = (f: string) => readFileSync(f, "utf8");

describe("lib/ rooms", () => {
  it("every module that reaches the database starts its imports with server-only", () => {
    const touchesDb = (text: string) => /from "(\.\.?\/)+(db\/)?client"|from "\.\/client"|\bgetDb\(/.test(text);
    const offenders = files(lib)
      .filter((f) => !f.includes(`${path.sep}db${path.sep}schema`))
      .filter((f) => touchesDb(source(f)))
      .filter(
        (f) =>
          source(f)
            .split("\n")
            .find((line) => line.startsWith("import ")) !== 'import "server-only";',
      );
    expect(offenders.map(rel)).toEqual([]);
  });

  it("the data layer (lib/db) imports no domain module", () => {
    const domains = /from "\.\.\/(articles|moderation|newsletter|donations|auth|email|jobs|seed)\b/;
    const offenders = files(path.join(lib, "db")).filter((f) =>
      source(f)
        .split("\n")
        .some((line) => domains.test(line)),
    );
    expect(offenders.map(rel)).toEqual([]);
  });

  it("client addresses have their own module: nobody reads them from the rate limiter", () => {
    expect(source(path.join(lib, "rate-limit.ts"))).not.toMatch(/CLIENT_IP_HEADER/);
    const offenders = files(lib).filter((f) => /import \{[^}]*CLIENT_IP_HEADER[^}]*\} from "[^"]*rate-limit"/.test(source(f)));
    expect(offenders.map(rel)).toEqual([]);
    expect(source(path.join(lib, "auth", "signin-email.ts"))).toMatch(/from "\.\.\/client-address"/);
  });
});
