import { describe, expect, it } from "vitest";
import { wordsFromWikiPath } from "@/app/_components/missing-page-offers";

describe("a missing article's 404 offers to search for the words in its address", () => {
  it("reads the words from /wiki/<slug>", () => {
    expect(wordsFromWikiPath("/wiki/slow-fade")).toBe("slow fade");
    expect(wordsFromWikiPath("/wiki/no_such__page/")).toBe("no such page");
    expect(wordsFromWikiPath("/wiki/caf%C3%A9-culture")).toBe("café culture");
    expect(wordsFromWikiPath("/wiki/%3Cscript%3Ealert(1)%3C%2Fscript%3E")).toBe("script alert 1 script");
  });

  it("offers nothing for other addresses or for addresses with no words", () => {
    expect(wordsFromWikiPath("/about/x")).toBeNull();
    expect(wordsFromWikiPath("/wiki/jealousy/history")).toBeNull();
    expect(wordsFromWikiPath("/wiki/%FF")).toBeNull();
    expect(wordsFromWikiPath("/wiki/---")).toBeNull();
  });
});
