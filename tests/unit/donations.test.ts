import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMoney, parseMajorAmount, resolveDonationAmount, validateMinorAmount, type DonationSettings } from "@/lib/donations/amounts";
import { checkoutSessionParams } from "@/lib/donations/checkout";
import { manageToken, verifyManageToken } from "@/lib/donations/manage";
import { toCsv } from "@/lib/donations/queries";
import { renderReceipt } from "@/lib/donations/receipts";
import { donationsEnabled, donationSettings, getStripe } from "@/lib/donations/stripe";
import { nextStatus } from "@/lib/donations/webhook";
import { resetEnvCache } from "@/lib/env";
import { loadFakeStripeModule } from "../support/fake-stripe";

const settings: DonationSettings = { currencies: ["usd", "eur", "jpy"], presets: [1000, 2500, 5000], min: 100, max: 1_000_000 };
const saved = { ...process.env };

beforeAll(() => {
  Object.assign(process.env, { SITE_URL: "https://attune.example", SITE_NAME: "Attune", STRIPE_SECRET_KEY: "sk_test_unit" });
  resetEnvCache();
});
afterAll(() => {
  process.env = saved;
  resetEnvCache();
});

describe("custom amounts (typed in major units)", () => {
  it.each([
    ["25", "usd", 2500],
    ["12.50", "usd", 1250],
    ["12,50", "eur", 1250],
    ["1,000", "usd", 100_000],
    ["1,000.25", "usd", 100_025],
    [" $ 7.5 ", "usd", 750],
    ["1.10", "usd", 110],
    ["10000", "usd", 1_000_000],
    ["500", "jpy", 500],
  ])("reads %j in %s as %i minor units", (input, currency, expected) => {
    expect(parseMajorAmount(input, currency, settings)).toEqual({ ok: true, amount: expected });
  });

  const refused = (input: string, currency = "usd") => {
    const result = parseMajorAmount(input, currency, settings);
    expect(result.ok).toBe(false);
    return result.ok ? "" : result.message;
  };

  it("refuses zero, saying what is allowed", () => {
    expect(refused("0")).toBe("The amount must be more than zero. Enter an amount between $1 and $10,000.");
    expect(refused("0.00")).toMatch(/more than zero/);
  });

  it("refuses negative amounts", () => {
    expect(refused("-5")).toMatch(/^The amount must be more than zero\. Enter an amount between \$1 and \$10,000\.$/);
    expect(refused("−5")).toMatch(/more than zero/);
  });

  it("refuses fractions of a cent and fractions of a yen", () => {
    expect(refused("10.555")).toBe("Use at most two decimal places, such as 12.50. Enter an amount between $1 and $10,000.");
    expect(refused("10.5", "jpy")).toMatch(/^Amounts in JPY are whole numbers\./);
  });

  it("refuses huge amounts without losing precision", () => {
    expect(refused("10000.01")).toMatch(/^The largest gift we can take here is \$10,000\./);
    expect(refused("99999999999999999999999")).toMatch(/largest gift/);
    expect(refused("1e9")).toMatch(/as a number/);
  });

  it("refuses amounts under the minimum", () => {
    expect(refused("0.99")).toBe("The smallest gift is $1. Enter an amount between $1 and $10,000.");
  });

  it("refuses text that is not a number", () => {
    for (const input of ["abc", "12abc", "1.2.3", "NaN", "Infinity", "0x10", "", "  "])
      expect(refused(input)).toMatch(/Enter (the amount as a number|an amount)/);
  });

  it("refuses a currency that is not configured", () => {
    expect(refused("25", "gbp")).toBe("Choose one of the currencies offered here: USD, EUR or JPY.");
  });
});

describe("amounts in minor units", () => {
  it("accepts whole numbers within the range, the ends included", () => {
    expect(validateMinorAmount(100, "usd", settings)).toEqual({ ok: true, amount: 100 });
    expect(validateMinorAmount(1_000_000, "eur", settings)).toEqual({ ok: true, amount: 1_000_000 });
  });

  it.each([
    [0, /smallest gift is \$1/],
    [-500, /smallest gift/],
    [99, /smallest gift/],
    [1050.5, /whole number of USD minor units/],
    [1_000_001, /largest gift/],
    [Number.MAX_SAFE_INTEGER * 4, /largest gift/],
    [Number.NaN, /as a number/],
    [Number.POSITIVE_INFINITY, /as a number/],
    ["2500", /as a number/],
  ])("refuses %s", (amount, message) => {
    const result = validateMinorAmount(amount, "usd", settings);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toMatch(message);
  });

  it("refuses an unconfigured currency", () => {
    expect(validateMinorAmount(2500, "chf", settings)).toMatchObject({ ok: false, message: expect.stringMatching(/USD, EUR or JPY/) });
  });
});

describe("the donation form's choice", () => {
  it("takes the chosen preset, which must be one we offer", () => {
    expect(resolveDonationAmount({ preset: "2500", currency: "usd" }, settings)).toEqual({ ok: true, amount: 2500, currency: "usd" });
    expect(resolveDonationAmount({ preset: "2600", currency: "usd" }, settings)).toMatchObject({ ok: false, field: "amount" });
    expect(resolveDonationAmount({ preset: "", currency: "usd" }, settings)).toMatchObject({ ok: false, field: "amount" });
  });

  it("lets a typed amount win over a preset, and reports its errors on that field", () => {
    expect(resolveDonationAmount({ preset: "2500", custom: "40", currency: "EUR" }, settings)).toEqual({ ok: true, amount: 4000, currency: "eur" });
    expect(resolveDonationAmount({ preset: "custom", custom: "", currency: "usd" }, settings)).toMatchObject({ ok: false, field: "customAmount" });
    expect(resolveDonationAmount({ preset: "custom", custom: "-3", currency: "usd" }, settings)).toMatchObject({ ok: false, field: "customAmount" });
  });

  it("names the currency field for an unconfigured currency", () => {
    expect(resolveDonationAmount({ preset: "2500", currency: "gbp" }, settings)).toMatchObject({
      ok: false,
      field: "currency",
      message: expect.stringMatching(/USD, EUR or JPY/),
    });
  });
});

describe("money formatting", () => {
  it("drops zero decimals and keeps real ones", () => {
    expect(formatMoney(2500, "usd")).toBe("$25");
    expect(formatMoney(1250, "usd")).toBe("$12.50");
    expect(formatMoney(100_000, "eur")).toBe("€1,000");
    expect(formatMoney(500, "jpy")).toBe("¥500");
  });
});

describe("status transitions", () => {
  it("only move forward for a one-time gift", () => {
    expect(nextStatus("one_time", "pending", "paid")).toBe("paid");
    expect(nextStatus("one_time", "pending", "payment_failed")).toBe("failed");
    expect(nextStatus("one_time", "paid", "payment_failed")).toBe("paid");
    expect(nextStatus("one_time", "paid", "refunded_in_full")).toBe("refunded");
    expect(nextStatus("one_time", "refunded", "paid")).toBe("refunded");
    expect(nextStatus("one_time", "pending", "checkout_expired")).toBe("expired");
    expect(nextStatus("one_time", "paid", "checkout_expired")).toBe("paid");
    expect(nextStatus("one_time", "failed", "checkout_expired")).toBe("failed");
    expect(nextStatus("monthly", "active", "checkout_expired")).toBe("active");
  });

  it("end a monthly pledge only by cancellation", () => {
    expect(nextStatus("monthly", "pending", "paid")).toBe("active");
    expect(nextStatus("monthly", "active", "refunded_in_full")).toBe("active");
    expect(nextStatus("monthly", "active", "subscription_canceled")).toBe("canceled");
    expect(nextStatus("monthly", "pending", "subscription_canceled")).toBe("canceled");
    expect(nextStatus("monthly", "canceled", "paid")).toBe("canceled");
  });
});

describe("checkout session parameters", () => {
  it("ask for a one-time donation with the server's amount and SITE_URL return addresses", async () => {
    const params = checkoutSessionParams(7, { amount: 2500, currency: "usd", interval: "one_time" });
    expect(params).toMatchObject({
      mode: "payment",
      submit_type: "donate",
      success_url: "https://attune.example/donate/thanks?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "https://attune.example/donate?canceled=1",
      metadata: { donation_id: "7" },
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 2500 } }],
    });
    // The fake Stripe holds the app to the same rules.
    const fake = await loadFakeStripeModule();
    const encoded = JSON.parse(JSON.stringify(params, (_k, v) => (typeof v === "number" ? String(v) : v)));
    encoded.line_items = { "0": encoded.line_items[0] };
    expect(fake.checkCheckoutSessionParams(encoded, "https://attune.example")).toEqual([]);
    expect(fake.checkCheckoutSessionParams({ ...encoded, submit_type: undefined }, "https://attune.example")).toContain(
      "submit_type must be donate for a one-time gift",
    );
    expect(fake.checkCheckoutSessionParams(encoded, "https://elsewhere.example")).toHaveLength(2);
  });

  it("ask for a monthly subscription with inline recurring price data", () => {
    const params = checkoutSessionParams(8, { amount: 1000, currency: "eur", interval: "monthly" });
    expect(params).toMatchObject({
      mode: "subscription",
      subscription_data: { metadata: { donation_id: "8" } },
      line_items: [{ price_data: { currency: "eur", unit_amount: 1000, recurring: { interval: "month" } } }],
    });
    expect(params).not.toHaveProperty("submit_type");
  });
});

describe("configuration", () => {
  it("reads settings from the environment and turns donations off without STRIPE_SECRET_KEY", () => {
    expect(donationSettings()).toEqual({ currencies: ["usd", "eur"], presets: [1000, 2500, 5000], min: 100, max: 1_000_000 });
    expect(donationsEnabled()).toBe(true);
    expect(getStripe()).not.toBeNull();
    process.env.STRIPE_SECRET_KEY = "";
    resetEnvCache();
    try {
      expect(donationsEnabled()).toBe(false);
      expect(getStripe()).toBeNull();
      expect(manageToken(1)).toBeNull();
    } finally {
      process.env.STRIPE_SECRET_KEY = "sk_test_unit";
      resetEnvCache();
    }
  });
});

describe("manage links", () => {
  it("round-trip and refuse anything altered", () => {
    const token = manageToken(42)!;
    expect(verifyManageToken(token)).toBe(42);
    expect(verifyManageToken(token.replace("42-", "43-"))).toBeNull();
    expect(verifyManageToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(verifyManageToken("42")).toBeNull();
    expect(verifyManageToken("../../etc")).toBeNull();
  });
});

describe("receipts", () => {
  it("for a monthly gift link to stopping it; a one-time receipt does not", async () => {
    const monthly = await renderReceipt({
      donationId: 5,
      interval: "monthly",
      amount: 1500,
      currency: "eur",
      paidAt: new Date("2026-11-25T10:00:00Z"),
      reference: "in_1",
      sequence: 1,
    });
    expect(monthly.subject).toBe("Your monthly gift to Attune: receipt for €15");
    expect(monthly.text).toContain(`https://attune.example/donate/manage/${manageToken(5)}`);
    expect(monthly.text).toContain("25 November 2026");
    const once = await renderReceipt({
      donationId: 6,
      interval: "one_time",
      amount: 2500,
      currency: "usd",
      paidAt: new Date("2026-11-25T10:00:00Z"),
      reference: "pi_<b>",
      sequence: 1,
    });
    expect(once.text).not.toContain("/donate/manage/");
    expect(once.html).toContain("pi_&lt;b&gt;");
  });
});

describe("CSV", () => {
  it("quotes separators and defuses spreadsheet formulas", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", '=HYPERLINK("evil")'],
          [null, 3],
        ],
      ),
    ).toBe('a,b\r\n"x,y","\'=HYPERLINK(""evil"")"\r\n,3\r\n');
  });
});
