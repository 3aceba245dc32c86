"use client";

import { useSyncExternalStore } from "react";

// The same key and attributes as public/theme.js, which applies the stored choice before the first paint.
const STORAGE_KEY = "attune-theme";
const CHANGE_EVENT = "attune-theme-change";
const CHOICES = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
] as const;
type ThemeChoice = (typeof CHOICES)[number]["value"];

function isChoice(value: string | null | undefined): value is ThemeChoice {
  return CHOICES.some((c) => c.value === value);
}

function readChoice(): ThemeChoice {
  const value = document.documentElement.getAttribute("data-theme-choice");
  return isChoice(value) ? value : "system";
}

/** Pins the theme (or hands it back to the system setting), remembers it, and tells every toggle on the page. */
function applyChoice(choice: ThemeChoice, remember = true) {
  const root = document.documentElement;
  if (choice === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", choice);
  root.setAttribute("data-theme-choice", choice);
  try {
    if (remember && choice === "system") localStorage.removeItem(STORAGE_KEY);
    else if (remember) localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Storage refused: the choice holds for this page only.
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** Applies the stored choice to <html> without storing anything, as public/theme.js does. */
function applyStoredChoice() {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage refused: follow the system.
  }
  applyChoice(stored === "light" || stored === "dark" ? stored : "system", false);
}

function subscribe(onChange: () => void) {
  // A page Next renders wholly in the browser (a 404 from notFound() comes as an empty shell) never ran
  // public/theme.js: apply the stored choice now.
  if (!document.documentElement.hasAttribute("data-theme-choice")) applyStoredChoice();
  // Another tab's choice (the storage event) applies here too.
  const onStorage = (e: StorageEvent) => {
    if (e.key === STORAGE_KEY || e.key === null) applyStoredChoice();
  };
  window.addEventListener(CHANGE_EVENT, onChange);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(CHANGE_EVENT, onChange);
    window.removeEventListener("storage", onStorage);
  };
}

/**
 * System / Light / Dark. The server renders "System" for everyone (pages stay the same for all and cached); the
 * reader's own choice is read from <html> after hydration. Hidden by CSS until public/theme.js has run.
 */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribe, readChoice, () => "system" as const);
  return (
    <label className="theme-picker">
      <span className="theme-picker__label">Theme</span>
      <select value={choice} onChange={(e) => isChoice(e.target.value) && applyChoice(e.target.value)}>
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
