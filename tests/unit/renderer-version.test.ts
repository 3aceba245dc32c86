// The parser cache serves stored renderings for as long as RENDERER_VERSION stays the same: a change to the renderer's
// output must bump it, or readers keep the old HTML. This fingerprint of a rendering that uses every feature fails
// when the output changes; then bump RENDERER_VERSION (lib/articles/parser-cache.ts) and record the new fingerprint.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RENDERER_VERSION } from "@/lib/articles/parser-cache";
import { renderArticleBody } from "@/lib/articles/render";

const fixture = `A **lead** with a [link](https://example.org/a) and \`code\`.

## Background
Text with _emphasis_, a footnote-free paragraph, and an image ![alt](https://elsewhere.example/i.png).

### Detail
- one
- two [citation needed]

| a | b |
| - | - |
| 1 | 2 |

> A quote.

<b>raw html</b>

## FAQs
### Is this a question?
Yes, and this is its answer [@a].
`;

/** The fingerprint of the fixture's rendering for each renderer version. */
const fingerprints: Record<number, string> = {
  1: "ae9cf51183300cc0",
  2: "05476ac9bc789c5c",
  // 3: the same HTML; the stored meta changed (other names as { name, type? }).
  3: "05476ac9bc789c5c",
};

describe("renderer version", () => {
  it("changes whenever the rendered output changes", async () => {
    const rendered = await renderArticleBody(fixture);
    const fingerprint = createHash("sha256").update(JSON.stringify(rendered)).digest("hex").slice(0, 16);
    expect(fingerprint, `the renderer's output changed: bump RENDERER_VERSION and record ${fingerprint}`).toBe(fingerprints[RENDERER_VERSION]);
  });
});
