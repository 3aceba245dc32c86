"use client";

import { useActionState, useId, useState } from "react";
import { currencySymbol, formatMoney, parseMajorAmount, type DonationSettings } from "@/lib/donations/amounts";
import { idleState } from "@/lib/forms";
import { startDonation } from "./actions";

type Props = {
  settings: DonationSettings;
  /** The article sidebar's smaller version. */
  compact?: boolean;
};

/** Presets (the middle one chosen), a custom amount, once or monthly, and a currency; the server decides the amount. */
export function DonationForm({ settings, compact = false }: Props) {
  // The permalink: where a form sent before the script has loaded goes, and its action attribute (else rendered empty).
  const [state, action, pending] = useActionState(startDonation, idleState, "/donate");
  const uid = useId();
  const initial = state.values;
  const middle = String(settings.presets[1] ?? settings.presets[0]);
  const [preset, setPreset] = useState(initial?.amount || middle);
  const [custom, setCustom] = useState(initial?.customAmount ?? "");
  const [frequency, setFrequency] = useState(initial?.interval === "monthly" ? "monthly" : "one_time");
  const [currency, setCurrency] = useState(settings.currencies.includes(initial?.currency ?? "") ? initial!.currency : settings.currencies[0]);

  const errors = state.fieldErrors ?? {};
  const amountError = errors.amount ?? errors.customAmount;
  const chosen = custom.trim() !== "" || preset === "custom" ? parseMajorAmount(custom, currency, settings) : { ok: true as const, amount: Number(preset) };
  const label = chosen.ok ? `Give ${formatMoney(chosen.amount, currency)}${frequency === "monthly" ? " a month" : ""}` : "Continue to payment";
  const ids = {
    amount: `${uid}-amount`,
    amountError: `${uid}-amount-error`,
    custom: `${uid}-custom`,
    currency: `${uid}-currency`,
    currencyError: `${uid}-currency-error`,
    interval: `${uid}-interval`,
  };

  return (
    <form action={action} className={compact ? "donation-form donation-form--compact" : "donation-form"} noValidate>
      <fieldset className="donation-form__group" aria-describedby={amountError ? ids.amountError : undefined}>
        <legend>Amount</legend>
        <div className="donation-form__chips">
          {settings.presets.map((p) => (
            <span key={p} className="donation-form__chip">
              <input
                type="radio"
                id={`${ids.amount}-${p}`}
                name="amount"
                value={String(p)}
                checked={preset === String(p) && custom.trim() === ""}
                onChange={() => {
                  setPreset(String(p));
                  setCustom(""); // a preset replaces a typed amount, so the server sees one choice
                }}
              />
              <label htmlFor={`${ids.amount}-${p}`}>{formatMoney(p, currency)}</label>
            </span>
          ))}
          <span className="donation-form__chip">
            <input
              type="radio"
              id={`${ids.amount}-custom`}
              name="amount"
              value="custom"
              checked={preset === "custom" || custom.trim() !== ""}
              onChange={() => setPreset("custom")}
            />
            <label htmlFor={`${ids.amount}-custom`}>Other</label>
          </span>
        </div>
        <label htmlFor={ids.custom} className="donation-form__custom-label">
          Other amount ({currency.toUpperCase()})
        </label>
        <span className="donation-form__custom">
          <span aria-hidden="true">{currencySymbol(currency)}</span>
          <input
            id={ids.custom}
            name="customAmount"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={custom}
            onChange={(e) => {
              setCustom(e.target.value);
              if (e.target.value.trim() !== "") setPreset("custom");
            }}
            aria-invalid={errors.customAmount ? true : undefined}
            aria-describedby={amountError ? ids.amountError : undefined}
          />
        </span>
        {amountError && (
          <p id={ids.amountError} role="alert" className="field-error donation-form__error">
            {amountError}
          </p>
        )}
      </fieldset>

      <fieldset className="donation-form__group">
        <legend>How often</legend>
        <div className="donation-form__chips">
          <span className="donation-form__chip">
            <input
              type="radio"
              id={`${ids.interval}-once`}
              name="interval"
              value="one_time"
              checked={frequency === "one_time"}
              onChange={() => setFrequency("one_time")}
            />
            <label htmlFor={`${ids.interval}-once`}>Once</label>
          </span>
          <span className="donation-form__chip">
            <input
              type="radio"
              id={`${ids.interval}-monthly`}
              name="interval"
              value="monthly"
              checked={frequency === "monthly"}
              onChange={() => setFrequency("monthly")}
            />
            <label htmlFor={`${ids.interval}-monthly`}>Monthly</label>
          </span>
        </div>
        {errors.interval && (
          <p role="alert" className="field-error donation-form__error">
            {errors.interval}
          </p>
        )}
      </fieldset>

      <p className="donation-form__currency">
        <label htmlFor={ids.currency}>Currency</label>{" "}
        <select
          id={ids.currency}
          name="currency"
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          aria-invalid={errors.currency ? true : undefined}
          aria-describedby={errors.currency ? ids.currencyError : undefined}
        >
          {settings.currencies.map((c) => (
            <option key={c} value={c}>
              {c.toUpperCase()}
            </option>
          ))}
        </select>
      </p>
      {errors.currency && (
        <p id={ids.currencyError} role="alert" className="field-error donation-form__error">
          {errors.currency}
        </p>
      )}

      <button type="submit" className="donation-form__submit" disabled={pending}>
        {pending ? "Opening secure payment…" : label}
      </button>
      {state.message && Object.keys(errors).length === 0 && (
        <p role="alert" className="form-error donation-form__error">
          {state.message}
        </p>
      )}
      <p className="donation-form__note">
        Payments are handled by Stripe. {compact ? "" : "You can stop a monthly gift at any time from the link in your receipt."}
      </p>
    </form>
  );
}
