// Donation amounts: integer minor units with a lower-case currency, always decided on the server.
// Pure functions (no env, no database) so they are tested directly and can also run in the browser.

export type DonationInterval = "one_time" | "monthly";

export type DonationSettings = {
  /** Lower-case ISO 4217 codes, the first is the default. */
  currencies: string[];
  /** Three amounts in minor units; the middle one is preselected. */
  presets: number[];
  /** Smallest and largest gift in minor units. */
  min: number;
  max: number;
};

// Stripe's zero-decimal and three-decimal currencies (https://docs.stripe.com/currencies#zero-decimal).
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

/** How many minor units digits a currency has: 0 (JPY), 3 (KWD) or 2 (almost all others). */
export function minorDigits(currency: string): number {
  const c = currency.toLowerCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** "$25", "$12.50", "€1,000": whole amounts without decimals, others with the currency's digits. */
export function formatMoney(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const major = amount / 10 ** digits;
  const whole = Number.isInteger(major);
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: whole ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(major);
}

/** The symbol shown beside the custom amount field ("$", "€", or the code when there is none). */
export function currencySymbol(currency: string): string {
  const part = new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase(), currencyDisplay: "narrowSymbol" })
    .formatToParts(0)
    .find((p) => p.type === "currency");
  return part?.value ?? currency.toUpperCase();
}

export type AmountResult = { ok: true; amount: number } | { ok: false; message: string };

function rangeMessage(currency: string, settings: DonationSettings): string {
  return `Enter an amount between ${formatMoney(settings.min, currency)} and ${formatMoney(settings.max, currency)}.`;
}

export function isConfiguredCurrency(currency: string, settings: DonationSettings): boolean {
  return settings.currencies.includes(currency);
}

export function currencyMessage(settings: DonationSettings): string {
  const list = settings.currencies.map((c) => c.toUpperCase());
  return `Choose one of the currencies offered here: ${list.length > 1 ? `${list.slice(0, -1).join(", ")} or ${list.at(-1)}` : list[0]}.`;
}

/** Checks an amount already in minor units: a whole number within the configured range. */
export function validateMinorAmount(amount: unknown, currency: string, settings: DonationSettings): AmountResult {
  if (!isConfiguredCurrency(currency, settings)) return { ok: false, message: currencyMessage(settings) };
  if (typeof amount !== "number" || !Number.isFinite(amount))
    return { ok: false, message: `Enter the amount as a number. ${rangeMessage(currency, settings)}` };
  if (!Number.isInteger(amount))
    return { ok: false, message: `The amount must be a whole number of ${minorUnitName(currency)}. ${rangeMessage(currency, settings)}` };
  if (amount < settings.min) return { ok: false, message: `The smallest gift is ${formatMoney(settings.min, currency)}. ${rangeMessage(currency, settings)}` };
  if (amount > settings.max)
    return { ok: false, message: `The largest gift we can take here is ${formatMoney(settings.max, currency)}. ${rangeMessage(currency, settings)}` };
  if (minorDigits(currency) === 3 && amount % 10 !== 0)
    return { ok: false, message: `Amounts in ${currency.toUpperCase()} can have at most two decimal places.` };
  return { ok: true, amount };
}

function minorUnitName(currency: string): string {
  return minorDigits(currency) === 0 ? currency.toUpperCase() : `${currency.toUpperCase()} minor units (cents)`;
}

/**
 * Reads a custom amount typed in major units ("25", "12.50", "12,50", "1,000") and returns minor units.
 * A comma followed by exactly three digits groups thousands; otherwise a single comma is a decimal point.
 */
export function parseMajorAmount(input: string, currency: string, settings: DonationSettings): AmountResult {
  if (!isConfiguredCurrency(currency, settings)) return { ok: false, message: currencyMessage(settings) };
  const text = input.replace(/[\s\u00a0]/g, "").replace(/^[$€£¥]/, "");
  if (text === "") return { ok: false, message: `Enter an amount. ${rangeMessage(currency, settings)}` };
  if (/^[-−]/.test(text)) return { ok: false, message: `The amount must be more than zero. ${rangeMessage(currency, settings)}` };
  let normalised: string;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) normalised = text.replace(/,/g, "");
  else if (/^\d+([.,]\d+)?$/.test(text)) normalised = text.replace(",", ".");
  else if (/^\d*[.,]\d+$/.test(text)) normalised = `0${text.replace(",", ".")}`;
  else return { ok: false, message: `Enter the amount as a number, such as 25 or 12.50. ${rangeMessage(currency, settings)}` };

  const [whole, fraction = ""] = normalised.split(".");
  const digits = minorDigits(currency);
  const significantFraction = fraction.replace(/0+$/, "");
  if (significantFraction.length > Math.min(digits, 2)) {
    return {
      ok: false,
      message:
        digits === 0
          ? `Amounts in ${currency.toUpperCase()} are whole numbers. ${rangeMessage(currency, settings)}`
          : `Use at most two decimal places, such as 12.50. ${rangeMessage(currency, settings)}`,
    };
  }
  const trimmedWhole = whole.replace(/^0+(?=\d)/, "");
  // Anything this long is far beyond any maximum; refuse it before floating point could round it.
  if (trimmedWhole.length > 12)
    return { ok: false, message: `The largest gift we can take here is ${formatMoney(settings.max, currency)}. ${rangeMessage(currency, settings)}` };
  const amount = Number(trimmedWhole) * 10 ** digits + Number(significantFraction.padEnd(digits, "0") || "0");
  if (amount === 0) return { ok: false, message: `The amount must be more than zero. ${rangeMessage(currency, settings)}` };
  return validateMinorAmount(amount, currency, settings);
}

export type DonationChoice = { preset?: string; custom?: string; currency: string };

export type ResolvedAmount = { ok: true; amount: number; currency: string } | { ok: false; field: "amount" | "customAmount" | "currency"; message: string };

/**
 * The amount a donation form asks for: a typed custom amount wins (so a reader without JavaScript who
 * types one is never charged a preset instead); otherwise the chosen preset, which must be one we offer.
 */
export function resolveDonationAmount(choice: DonationChoice, settings: DonationSettings): ResolvedAmount {
  const currency = choice.currency.trim().toLowerCase();
  if (!isConfiguredCurrency(currency, settings)) return { ok: false, field: "currency", message: currencyMessage(settings) };
  const custom = choice.custom?.trim() ?? "";
  if (custom !== "" || choice.preset === "custom") {
    const parsed = parseMajorAmount(custom, currency, settings);
    return parsed.ok ? { ok: true, amount: parsed.amount, currency } : { ok: false, field: "customAmount", message: parsed.message };
  }
  const preset = Number(choice.preset);
  if (!choice.preset || !settings.presets.includes(preset)) {
    return { ok: false, field: "amount", message: `Choose one of the amounts, or enter your own. ${rangeMessage(currency, settings)}` };
  }
  const valid = validateMinorAmount(preset, currency, settings);
  return valid.ok ? { ok: true, amount: valid.amount, currency } : { ok: false, field: "amount", message: valid.message };
}
