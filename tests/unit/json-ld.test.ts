import { describe, expect, it } from "vitest";
import { serializeJsonLd } from "@/lib/json-ld";

describe("serializeJsonLd", () => {
  const hostile = {
    "@context": "https://schema.org",
    "@type": "FAQPage",
    name: "</script><script>alert(1)</script>",
    mainEntity: [{ "@type": "Question", name: "Is <b>bold</b> ok? </SCRIPT >", acceptedAnswer: { text: "<!-- comment --> & more" } }],
  };

  it("leaves no way to close the script element", () => {
    const out = serializeJsonLd(hostile);
    expect(out).not.toContain("</script");
    expect(out.toLowerCase()).not.toContain("</script");
    expect(out).not.toContain("<");
    expect(out).not.toContain("<!--");
    expect(out).toContain("\\u003c/script>");
  });

  it("gives back the original value through JSON.parse", () => {
    expect(JSON.parse(serializeJsonLd(hostile))).toEqual(hostile);
  });

  it("escapes U+2028 and U+2029", () => {
    const value = { text: "line\u2028separator and paragraph\u2029separator" };
    const out = serializeJsonLd(value);
    expect(out).not.toContain("\u2028");
    expect(out).not.toContain("\u2029");
    expect(out).toContain("\\u2028");
    expect(out).toContain("\\u2029");
    expect(JSON.parse(out)).toEqual(value);
  });

  it("serializes plain values as ordinary JSON", () => {
    expect(serializeJsonLd({ a: 1, b: [true, null], c: "x > y & z" })).toBe('{"a":1,"b":[true,null],"c":"x > y & z"}');
    expect(serializeJsonLd("<")).toBe('"\\u003c"');
  });
});
