import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { DonationBox } from "@/app/_components/donation-box";
import { resetEnvCache } from "@/lib/env";

const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
  resetEnvCache();
});

function renderBox(secretKey: string): string {
  process.env.STRIPE_SECRET_KEY = secretKey;
  resetEnvCache();
  const box = DonationBox();
  return box ? renderToStaticMarkup(box) : "";
}

describe("the article sidebar's donation box", () => {
  it('is not there at all without STRIPE_SECRET_KEY: no "not configured" box above the contents', () => {
    expect(renderBox("")).toBe("");
  });

  it("offers three presets with the middle one chosen, a custom amount, once or monthly, and the configured currencies", () => {
    const html = renderBox("sk_test_box");
    expect(html).toContain("<form");
    const presets = [...html.matchAll(/<input type="radio"[^>]*name="amount"[^>]*>/g)]
      .map((m) => [/value="(\w+)"/.exec(m[0])![1], m[0].includes("checked")])
      .filter(([value]) => value !== "custom");
    expect(presets).toEqual([
      ["1000", false],
      ["2500", true],
      ["5000", false],
    ]);
    expect(html).toContain('name="customAmount"');
    expect(html).toMatch(/name="interval" checked="" value="one_time"/);
    expect(html).toContain('value="monthly"');
    expect(html).toContain('<option value="usd" selected="">USD</option><option value="eur">EUR</option>');
    expect(html).toContain("Give $25");
  });
});
