// The count changes of one publication (lib/articles/listing-counts.ts): what a listing's page count is built on.
import { describe, expect, it } from "vitest";
import { countDeltas } from "@/lib/articles/listing-counts";

describe("countDeltas", () => {
  it("counts a new article once in all, its letter and each of its categories (a repeated category once)", () => {
    expect(countDeltas(null, { letter: "j", categories: ["Emotions", "Dating", "Emotions"] })).toEqual([
      { scope: "all", key: "", n: 1 },
      { scope: "category", key: "Dating", n: 1 },
      { scope: "category", key: "Emotions", n: 1 },
      { scope: "letter", key: "j", n: 1 },
    ]);
  });

  it("changes nothing for an edit that keeps the letter and the categories", () => {
    expect(countDeltas({ letter: "j", categories: ["Dating", "Emotions"] }, { letter: "j", categories: ["Emotions", "Dating"] })).toEqual([]);
  });

  it("moves an edit between letters and categories: one less where it left, one more where it went", () => {
    expect(countDeltas({ letter: "j", categories: ["Dating", "Emotions"] }, { letter: "e", categories: ["Emotions", "Communication"] })).toEqual([
      { scope: "category", key: "Communication", n: 1 },
      { scope: "category", key: "Dating", n: -1 },
      { scope: "letter", key: "e", n: 1 },
      { scope: "letter", key: "j", n: -1 },
    ]);
  });
});
