"use client";

// "Previous change" / "Next change" buttons and the j / k keys: each moves focus to the next [data-change] stop of
// the diff on the page and says where it is ("Change 2 of 5"), for keyboard and screen-reader users alike.
import { useEffect, useRef, useState } from "react";

const stops = () => Array.from(document.querySelectorAll<HTMLElement>("[data-change]"));

export function ChangeNav() {
  const [status, setStatus] = useState("");
  const current = useRef(-1);

  const go = (step: 1 | -1) => {
    const all = stops();
    if (all.length === 0) return setStatus("There are no changes to move between.");
    current.current = (current.current + step + all.length) % all.length;
    const target = all[current.current];
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.closest("details")?.setAttribute("open", "");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    setStatus(`Change ${current.current + 1} of ${all.length}`);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true]")) return;
      if (event.key === "j" || event.key === "k") {
        event.preventDefault();
        go(event.key === "j" ? 1 : -1);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  return (
    <div className="change-nav">
      <button type="button" className="button-secondary" onClick={() => go(-1)} aria-keyshortcuts="k">
        ← Previous change
      </button>{" "}
      <button type="button" className="button-secondary" onClick={() => go(1)} aria-keyshortcuts="j">
        Next change →
      </button>{" "}
      <span role="status" aria-live="polite" className="change-nav__status">
        {status}
      </span>{" "}
      <span className="hint">Keys: j next, k previous.</span>
    </div>
  );
}
