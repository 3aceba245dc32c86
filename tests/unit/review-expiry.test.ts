import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { proseChangeShare, reviewStatus, reviewValidUntil } from "@/lib/reviews/expiry";

const BUDGET = 60_000;
const limits = { validMonths: 12, changeShare: 0.2 };

/** A minimal article whose lead has the given words. */
const article = (lead: string, extra = "") => `---\ntitle: Test Article\nsummary: A test.\ncategory: [Tests]\n---\n${lead}\n${extra}`;
const words = (n: number, word = "word") => Array.from({ length: n }, (_, i) => `${word}${i}`).join(" ");

describe("review expiry by time", () => {
  const made = new Date("2026-01-15T10:00:00Z");
  it("holds for twelve calendar months, to the moment, and expires after", () => {
    expect(reviewValidUntil(made, 12).toISOString()).toBe("2027-01-15T10:00:00.000Z");
    expect(reviewStatus({ createdAt: made, changedShare: 0 }, new Date("2027-01-15T10:00:00Z"), limits)).toEqual({
      expired: false,
      byTime: false,
      byChange: false,
    });
    expect(reviewStatus({ createdAt: made, changedShare: 0 }, new Date("2027-01-15T10:00:01Z"), limits)).toEqual({
      expired: true,
      byTime: true,
      byChange: false,
    });
  });
  it("a month-end review runs to the last day of a shorter month", () => {
    expect(reviewValidUntil(new Date("2026-01-31T00:00:00Z"), 1).toISOString()).toBe("2026-02-28T00:00:00.000Z");
    expect(reviewValidUntil(new Date("2027-02-28T00:00:00Z"), 12).toISOString()).toBe("2028-02-28T00:00:00.000Z");
  });
  it("follows REVIEW_VALID_MONTHS", () => {
    expect(reviewStatus({ createdAt: made, changedShare: 0 }, new Date("2026-04-16T00:00:00Z"), { ...limits, validMonths: 3 }).byTime).toBe(true);
  });
});

describe("review expiry by change size", () => {
  const now = new Date("2026-02-01T00:00:00Z");
  const made = new Date("2026-01-01T00:00:00Z");
  it("expires only past the share, not at it", () => {
    expect(reviewStatus({ createdAt: made, changedShare: 0.2 }, now, limits).expired).toBe(false);
    expect(reviewStatus({ createdAt: made, changedShare: 0.2001 }, now, limits)).toEqual({ expired: true, byTime: false, byChange: true });
  });
  it("both at once", () => {
    expect(reviewStatus({ createdAt: made, changedShare: 0.5 }, new Date("2028-01-01T00:00:00Z"), limits)).toEqual({
      expired: true,
      byTime: true,
      byChange: true,
    });
  });
});

describe("the changed share of the prose", () => {
  const base = article(words(100));
  it("no change is 0", () => {
    expect(proseChangeShare(base, base, BUDGET).share).toBe(0);
  });
  it("counts words, not length: replacing 20 of 100 words with longer ones is 20%", () => {
    const edited = article(
      words(100)
        .split(" ")
        .map((w, i) => (i >= 40 && i < 60 ? `${w}-much-longer-replacement` : w))
        .join(" "),
    );
    const r = proseChangeShare(base, edited, BUDGET);
    expect(r.reviewedWords).toBe(100);
    expect(r.changed).toBe(20);
    expect(r.share).toBeCloseTo(0.2);
    expect(reviewStatus({ createdAt: new Date(), changedShare: r.share }, new Date(), limits).byChange).toBe(false);
  });
  it("21 inserted words in a new paragraph pass the boundary", () => {
    const r = proseChangeShare(base, article(words(100), `\n${words(21, "new")}\n`), BUDGET);
    expect(r.changed).toBe(21);
    expect(r.share).toBeCloseTo(0.21);
    expect(reviewStatus({ createdAt: new Date(), changedShare: r.share }, new Date(), limits).byChange).toBe(true);
  });
  it("a removed section counts all its words; front matter is not prose", () => {
    const two = article(words(50), `\n## History\n${words(50, "old")}\n`);
    expect(proseChangeShare(two, article(words(50)), BUDGET).share).toBeCloseTo(0.5);
    const retitled = two.replace("title: Test Article", "title: Another Title");
    expect(proseChangeShare(two, retitled, BUDGET).share).toBe(0);
  });
  it("is capped at 1 for a rewrite longer than the original", () => {
    expect(proseChangeShare(article(words(10)), article(words(40, "other")), BUDGET).share).toBe(1);
  });
});

describe("configuration", () => {
  it("defaults to 12 months and 20%, and refuses nonsense", () => {
    const e = parseEnv({});
    expect([e.REVIEW_VALID_MONTHS, e.REVIEW_CHANGE_SHARE]).toEqual([12, 0.2]);
    expect(parseEnv({ REVIEW_CHANGE_SHARE: "0.35", REVIEW_VALID_MONTHS: "6" })).toMatchObject({ REVIEW_CHANGE_SHARE: 0.35, REVIEW_VALID_MONTHS: 6 });
    expect(() => parseEnv({ REVIEW_CHANGE_SHARE: "20" })).toThrow(/REVIEW_CHANGE_SHARE: must be a number from 0 to 1/);
    expect(() => parseEnv({ REVIEW_VALID_MONTHS: "0" })).toThrow(/REVIEW_VALID_MONTHS/);
  });
});
