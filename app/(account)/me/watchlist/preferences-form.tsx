"use client";

import { useActionState } from "react";
import { idleState } from "@/lib/forms";
import { savePreferencesAction } from "./actions";

type Props = {
  current: { emailMode: string; digestWeekday: number; digestHour: number; timeZone: string; autoWatch: boolean };
  timeZones: string[];
  weekdays: readonly string[];
};

export function PreferencesForm({ current, timeZones, weekdays }: Props) {
  const [state, action, pending] = useActionState(savePreferencesAction, idleState);
  const v = (name: string, fallback: string) => state.values?.[name] ?? fallback;
  const err = (name: string) =>
    state.fieldErrors?.[name] ? (
      <span className="form-error" id={`${name}-error`}>
        {state.fieldErrors[name]}
      </span>
    ) : null;
  return (
    <form action={action} className="watch-preferences">
      <fieldset>
        <legend>Email me about changes</legend>
        {[
          ["immediate", "As they are approved (at most one email an hour, listing every change in it)"],
          ["weekly", "In a weekly digest"],
          ["off", "Never: I will look at this page"],
        ].map(([value, text]) => (
          <label key={value} className="choice">
            <input type="radio" name="emailMode" value={value} defaultChecked={v("emailMode", current.emailMode) === value} /> {text}
          </label>
        ))}
        {err("emailMode")}
      </fieldset>
      <fieldset>
        <legend>When the weekly digest comes</legend>
        <label htmlFor="digestWeekday">Day</label>
        <select id="digestWeekday" name="digestWeekday" defaultValue={v("digestWeekday", String(current.digestWeekday))}>
          {weekdays.map((d, i) => (
            <option key={d} value={i}>
              {d}
            </option>
          ))}
        </select>{" "}
        <label htmlFor="digestHour">Hour</label>
        <select id="digestHour" name="digestHour" defaultValue={v("digestHour", String(current.digestHour))}>
          {Array.from({ length: 24 }, (_, h) => (
            <option key={h} value={h}>
              {String(h).padStart(2, "0")}:00
            </option>
          ))}
        </select>{" "}
        <label htmlFor="timeZone">Time zone</label>
        <select
          id="timeZone"
          name="timeZone"
          defaultValue={v("timeZone", current.timeZone)}
          aria-describedby={state.fieldErrors?.timeZone ? "timeZone-error" : undefined}
        >
          {timeZones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        {err("digestWeekday")}
        {err("digestHour")}
        {err("timeZone")}
      </fieldset>
      <label className="choice">
        <input type="checkbox" name="autoWatch" defaultChecked={state.values ? state.values.autoWatch === "on" : current.autoWatch} /> Watch an article when I
        propose an edit to it
      </label>
      <p>
        <button type="submit" disabled={pending}>
          Save settings
        </button>{" "}
        {state.message && (
          <span role={state.status === "error" ? "alert" : "status"} className={state.status === "error" ? "form-error" : undefined}>
            {state.message}
          </span>
        )}
      </p>
    </form>
  );
}
