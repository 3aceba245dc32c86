import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NEWSLETTER_PHRASE, NEWSLETTER_PITCH } from "@/lib/newsletter/pitch";

// The sentence the first draft borrowed from another site; ours must not come back to it.
const BORROWED = "Get free dating-app bio tips and relationship resources in your inbox";

const words = (s: string) => s.toLowerCase().match(/[a-z-]+/g) ?? [];
const runs = (s: string, n: number) => {
  const w = words(s);
  return new Set(w.slice(0, Math.max(0, w.length - n + 1)).map((_, i) => w.slice(i, i + n).join(" ")));
};

describe("the newsletter pitch", () => {
  it("is the site's own: no run of three words in common with the borrowed sentence", () => {
    for (const text of [NEWSLETTER_PITCH, NEWSLETTER_PHRASE]) {
      const shared = [...runs(text, 3)].filter((r) => runs(BORROWED, 3).has(r));
      expect(shared, text).toEqual([]);
    }
  });

  it("is said in one place: the borrowed wording appears nowhere in app/, lib/ or docs/", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? files(full) : /\.(ts|tsx|md)$/.test(name) ? [full] : [];
      });
    const offenders = ["app", "lib", "docs"]
      .flatMap((d) => files(path.join(root, d)))
      .filter((f) => /bio tips and relationship resources/i.test(readFileSync(f, "utf8")));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });
});
