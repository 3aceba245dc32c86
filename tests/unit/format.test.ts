import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatCount, formatDateTime, formatLongDate, formatMinutes, formatMonth } from "@/lib/format";

describe("dates", () => {
  it("shows a day as '2 December 2026', in UTC", () => {
    expect(formatLongDate("2026-12-02T03:55:00Z")).toBe("2 December 2026");
    expect(formatLongDate(new Date("2026-12-01T23:59:59Z"))).toBe("1 December 2026");
    expect(formatLongDate("2026-01-09T00:00:00+05:00")).toBe("8 January 2026");
  });

  it("shows a moment as '2 December 2026, 03:55 UTC', on a 24-hour clock", () => {
    expect(formatDateTime("2026-12-02T03:55:00Z")).toBe("2 December 2026, 03:55 UTC");
    expect(formatDateTime(new Date("2026-12-02T15:07:30Z"))).toBe("2 December 2026, 15:07 UTC");
    expect(formatDateTime("2026-12-02T00:00:00Z")).toBe("2 December 2026, 00:00 UTC");
  });

  it("names a month the same way", () => {
    expect(formatMonth("2026-11")).toBe("November 2026");
    expect(formatMonth("2027-01")).toBe("January 2027");
  });
});

describe("formatCount", () => {
  it("separates thousands and says one or many", () => {
    expect(formatCount(1, "article")).toBe("1 article");
    expect(formatCount(0, "article")).toBe("0 articles");
    expect(formatCount(12_400, "article")).toBe("12,400 articles");
    expect(formatCount(2, "category", "categories")).toBe("2 categories");
  });
});

describe("formatMinutes", () => {
  it("says a span as a person would", () => {
    expect(formatMinutes(45)).toBe("45 min");
    expect(formatMinutes(300)).toBe("5 h");
    expect(formatMinutes(3 * 1440)).toBe("3 days");
  });
});

// Pages and emails show dates only through lib/format.ts.
describe("one date format", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
    });
  it("has no hand-made date formatting in app/ or lib/", () => {
    const handMade = /toLocale(Date|Time)String\(|toLocaleString\("en-GB"|toISOString\(\)\.slice\(|new Intl\.DateTimeFormat/;
    const offenders = [...files(path.join(root, "app")), ...files(path.join(root, "lib"))]
      .filter((f) => !f.endsWith(path.join("lib", "format.ts")))
      .filter((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .some((line) => handMade.test(line) && !line.includes("machine-readable")),
      );
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });
});
