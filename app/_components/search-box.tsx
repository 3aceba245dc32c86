"use client";

// The header's search box as an ARIA 1.2 combobox: as a reader types, up to 8 titles and other names from
// /api/suggest; arrows move through them, Enter opens the one chosen (or searches for the words typed), Escape
// closes the list. Without JavaScript it is the plain search form it renders first.
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";

// `shown` is worded by the server (lib/articles/suggest.ts), so the kinds' labels stay out of every page's script.
type Suggestion = { slug: string; title: string; shown?: string };

const label = (s: Suggestion) => s.shown ?? s.title;

export function SearchBox() {
  const router = useRouter();
  const listId = useId();
  const [value, setValue] = useState("");
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  useEffect(() => {
    const q = value.trim();
    if (q.length === 0) return; // nothing typed: the list is hidden (see `expanded`)
    // Aborted by the cleanup below when the reader types again, so an older answer never replaces a newer one.
    const controller = new AbortController();
    // A short pause, so a fast typist sends one request per word rather than one per key.
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/suggest?q=${encodeURIComponent(q)}`, { signal: controller.signal });
        if (!response.ok) return;
        const body = (await response.json()) as { suggestions: Suggestion[] };
        setSuggestions(body.suggestions);
        setActive(-1);
        setOpen(body.suggestions.length > 0);
      } catch {
        /* aborted by the next keystroke, or offline: the form still searches */
      }
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value]);

  const choose = (s: Suggestion) => {
    setOpen(false);
    router.push(`/wiki/${encodeURIComponent(s.slug)}`);
  };
  const expanded = open && suggestions.length > 0 && value.trim() !== "";

  return (
    <form action="/search" method="get" role="search" className="header-search">
      <label htmlFor="header-q" className="visually-hidden">
        Search Attune
      </label>
      <div className="combobox">
        <input
          id="header-q"
          name="q"
          // type=text: HTML allows the combobox role on a text input, not on type=search
          type="text"
          inputMode="search"
          enterKeyHint="search"
          placeholder="Search articles"
          maxLength={200}
          autoComplete="off"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setOpen(true);
          }}
          onBlur={() => setOpen(false)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              if (suggestions.length === 0) return;
              e.preventDefault();
              setOpen(true);
              // Down from the last option, or up from the first, returns to the text typed (-1).
              const last = suggestions.length - 1;
              setActive((a) => (e.key === "ArrowDown" ? (a === last ? -1 : a + 1) : a === -1 ? last : a - 1));
            } else if (e.key === "Enter" && expanded && active >= 0) {
              const chosen = suggestions[active];
              if (chosen) {
                e.preventDefault();
                choose(chosen);
              }
            } else if (e.key === "Escape") {
              if (expanded) {
                e.preventDefault();
                setOpen(false);
                setActive(-1);
              } else setValue("");
            }
          }}
        />
        <ul id={listId} role="listbox" aria-label="Suggestions" className="combobox__list" hidden={!expanded}>
          {suggestions.map((s, i) => (
            <li
              key={s.slug}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "combobox__option combobox__option--active" : "combobox__option"}
              // mousedown, not click: the input's blur would close the list first
              onMouseDown={(e) => {
                e.preventDefault();
                choose(s);
              }}
            >
              {label(s)}
            </li>
          ))}
        </ul>
      </div>
      <button type="submit">Search</button>
    </form>
  );
}
