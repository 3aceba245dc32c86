import { describe, expect, it } from "vitest";
import { generationName } from "@/lib/dumps/generate";
import { attributionBlock, licenceText } from "@/lib/dumps/licence";
import { contentTypeOf, dumpFileName, GENERATION_NAME } from "@/lib/dumps/store";
import { formatBytes } from "@/lib/format";

describe("dump names", () => {
  it("serves only the dump's own files", () => {
    expect(dumpFileName("attune-articles.jsonl.gz")).toBe("attune-articles.jsonl.gz");
    expect(dumpFileName("SHA256SUMS")).toBe("SHA256SUMS");
    for (const bad of ["latest.json", "../latest.json", "..%2Flatest.json", "ATTRIBUTION.part", "", "manifest.json/"]) expect(dumpFileName(bad)).toBeNull();
    expect(contentTypeOf("attune-articles-md.tar.gz")).toBe("application/gzip");
  });

  it("names generations so that text order is time order", () => {
    const a = generationName(new Date("2026-12-02T03:00:00.000Z"));
    const b = generationName(new Date("2026-12-10T03:00:00.005Z"));
    expect(a).toBe("2026-12-02T030000000Z");
    expect(GENERATION_NAME.test(a) && GENERATION_NAME.test(b)).toBe(true);
    expect([b, a].sort()).toEqual([a, b]);
  });
});

describe("licence and attribution", () => {
  it("names CC BY-SA 4.0 with links to the summary and legal code", () => {
    const text = licenceText("Attune", "https://attune.example");
    expect(text).toContain("Creative Commons Attribution-ShareAlike 4.0 International");
    expect(text).toContain("https://creativecommons.org/licenses/by-sa/4.0/legalcode");
    expect(text).toContain("ATTRIBUTION");
  });

  it("lists an article's contributors under its title and address", () => {
    expect(attributionBlock({ slug: "jealousy", title: "Jealousy" }, ["Ada", "former contributor"], "https://a.example")).toBe(
      "Jealousy — https://a.example/wiki/jealousy\n  Ada\n  former contributor\n\n",
    );
  });
});

describe("formatBytes", () => {
  it("reads as a download size", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(812)).toBe("812 bytes");
    expect(formatBytes(4_200)).toBe("4.2 kB");
    expect(formatBytes(131_652)).toBe("131.7 kB");
    expect(formatBytes(31_000_000)).toBe("31 MB");
    expect(formatBytes(2_500_000_000)).toBe("2.5 GB");
  });
});
