// The hover preview's payload (lib/articles/preview.ts) and the link slugs the card reacts to.
import { describe, expect, it } from "vitest";
import { computeEvidence } from "@/lib/articles/evidence";
import { buildPreviewPayload } from "@/lib/articles/preview";
import { previewSlugOf } from "@/app/_components/link-previews";

const article = { slug: "gaslighting", title: "Gaslighting", summary: "A form of manipulation." };
const evidence = computeEvidence([{ key: "a", type: "journalism" }], new Map([["a", { uses: 1, blocks: 1 }]]));

describe("preview payload", () => {
  it("carries title, summary, figure, the evidence line without its counts, and the article's address", () => {
    const payload = buildPreviewPayload(article, { figure: { src: "/figures/gaslighting.svg", alt: "A lamp", caption: "c" } }, evidence);
    expect(payload).toEqual({
      slug: "gaslighting",
      title: "Gaslighting",
      summary: "A form of manipulation.",
      figure: { src: "/figures/gaslighting.svg", alt: "A lamp" },
      evidence: { level: "limited", label: "Little research", line: "Most claims here rest on one piece of journalism." },
      url: "/wiki/gaslighting",
    });
  });

  it("leaves out a figure from a host nobody allowed, and says null for no figure or no evidence", () => {
    const payload = buildPreviewPayload(article, { figure: { src: "https://tracker.example/i.png", alt: "x" } }, null, () => false);
    expect(payload.figure).toBeNull();
    expect(payload.evidence).toBeNull();
    expect(buildPreviewPayload(article, {}, null).figure).toBeNull();
  });
});

describe("preview links", () => {
  it("reacts to article links only", () => {
    expect(previewSlugOf("/wiki/love-bombing")).toBe("love-bombing");
    expect(previewSlugOf("/wiki/love-bombing#history")).toBe("love-bombing");
    expect(previewSlugOf("/wiki/love-bombing/history")).toBeNull();
    expect(previewSlugOf("/wiki/Love")).toBeNull();
    expect(previewSlugOf("https://example.org/wiki/x")).toBeNull();
    expect(previewSlugOf(null)).toBeNull();
  });
});
