"use client";
// Hover previews for the internal links in an article's prose, as Wikipedia's Page Previews: after a short delay on
// hover or keyboard focus, a card near the link with the target's title, summary, figure and evidence line, from
// GET /api/preview/<slug> (fetched once per slug per page). The link keeps the focus and names the card as its
// description (aria-describedby), so the card is a non-modal description, never a dialog; Escape, leaving the link
// (with a short grace for the pointer to reach the card), scrolling or clicking closes it. Off on touch screens and
// for reduced motion, and a reader can turn it off (remembered in localStorage).
import Link from "next/link";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from "react";

export type Preview = {
  slug: string;
  title: string;
  summary: string;
  figure: { src: string; alt: string } | null;
  evidence: { level: string; label: string; line: string } | null;
  url: string;
};

const STORAGE_KEY = "attune:link-previews";
const CHANGED = "attune:link-previews-changed";
const SHOW_DELAY_MS = 400;
const HIDE_GRACE_MS = 300;
const CARD_ID = "link-preview";
const GAP = 8;
/** Links in the prose only (lead, sections, FAQ answers), not the page's furniture. */
const PROSE_LINK = '.lead a[href^="/wiki/"], .article-body a[href^="/wiki/"], .faqs a[href^="/wiki/"]';
/** A pointer that hovers and aims (not a touch screen), and no wish for less motion. */
const SUITABLE = "(hover: hover) and (pointer: fine) and (prefers-reduced-motion: no-preference)";

function readEnabled(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) !== "off";
  } catch {
    return true; // storage refused (private mode): on, and the toggle works for this page
  }
}
function subscribeEnabled(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}
function setEnabled(on: boolean) {
  try {
    window.localStorage.setItem(STORAGE_KEY, on ? "on" : "off");
  } catch {
    // Not remembered, but still applied to this page below.
  }
  window.dispatchEvent(new Event(CHANGED));
}
/** Whether the reader wants previews (server and first render: on, so the control's text matches the HTML). */
const useEnabled = () => useSyncExternalStore(subscribeEnabled, readEnabled, () => true);

function subscribeSuitable(onChange: () => void) {
  const query = window.matchMedia(SUITABLE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}
const useSuitable = () =>
  useSyncExternalStore(
    subscribeSuitable,
    () => window.matchMedia(SUITABLE).matches,
    () => false,
  );

/** The slug of an article link (`/wiki/<slug>` with nothing after it but a fragment), else null. */
export function previewSlugOf(href: string | null): string | null {
  const m = href ? /^\/wiki\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:#.*)?$/.exec(href) : null;
  return m ? m[1] : null;
}

const isPreview = (v: unknown): v is Preview =>
  typeof v === "object" && v !== null && typeof (v as Preview).title === "string" && typeof (v as Preview).summary === "string";

/** "Turn previews off" / "on", for the article's furniture (hidden by CSS where previews never show). */
export function PreviewToggle() {
  const enabled = useEnabled();
  return (
    <span className="preview-toggle-item">
      {" · "}
      <button type="button" className="preview-toggle" onClick={() => setEnabled(!enabled)}>
        {enabled ? "Turn link previews off" : "Turn link previews on"}
      </button>
    </span>
  );
}

type Open = { link: HTMLAnchorElement; preview: Preview };

export function LinkPreviews({ currentSlug }: { currentSlug: string }) {
  const enabled = useEnabled();
  const suitable = useSuitable();
  const [open, setOpen] = useState<Open | null>(null);
  const card = useRef<HTMLDivElement>(null);
  const cache = useRef(new Map<string, Promise<Preview | null>>());
  const pending = useRef<{ link: HTMLAnchorElement; timer: number; abort: AbortController } | null>(null);
  const hideTimer = useRef<number | undefined>(undefined);
  const openLink = useRef<HTMLAnchorElement | null>(null);
  /** A link whose card the reader dismissed with Escape: not shown again until the pointer or focus leaves it. */
  const dismissed = useRef<HTMLAnchorElement | null>(null);

  const cancelPending = useCallback(() => {
    if (!pending.current) return;
    window.clearTimeout(pending.current.timer);
    pending.current.abort.abort();
    pending.current = null;
  }, []);
  const close = useCallback(() => {
    cancelPending();
    window.clearTimeout(hideTimer.current);
    openLink.current = null;
    setOpen(null);
  }, [cancelPending]);
  const closeSoon = useCallback(() => {
    cancelPending();
    window.clearTimeout(hideTimer.current);
    hideTimer.current = window.setTimeout(close, HIDE_GRACE_MS);
  }, [cancelPending, close]);

  const load = useCallback((slug: string, signal: AbortSignal): Promise<Preview | null> => {
    const known = cache.current.get(slug);
    if (known) return known;
    const request = fetch(`/api/preview/${slug}`, { signal, headers: { accept: "application/json" } })
      .then(async (r) => {
        const body: unknown = r.ok ? await r.json() : null;
        return isPreview(body) ? body : null;
      })
      .catch(() => {
        cache.current.delete(slug); // aborted or offline: asked again on the next hover
        return null;
      });
    cache.current.set(slug, request);
    return request;
  }, []);

  const schedule = useCallback(
    (link: HTMLAnchorElement) => {
      window.clearTimeout(hideTimer.current);
      if (openLink.current === link || pending.current?.link === link || dismissed.current === link) return;
      const slug = previewSlugOf(link.getAttribute("href"));
      if (!slug || slug === currentSlug) return;
      cancelPending();
      const abort = new AbortController();
      const timer = window.setTimeout(() => {
        void load(slug, abort.signal).then((preview) => {
          if (pending.current?.link !== link) return;
          pending.current = null;
          if (!preview) return;
          openLink.current = link;
          setOpen({ link, preview });
        });
      }, SHOW_DELAY_MS);
      pending.current = { link, timer, abort };
    },
    [cancelPending, currentSlug, load],
  );

  const active = enabled && suitable;
  useEffect(() => {
    if (!active) return;
    const linkOf = (t: EventTarget | null) => (t instanceof Element ? t.closest<HTMLAnchorElement>(PROSE_LINK) : null);
    const inCard = (t: EventTarget | null) => t instanceof Node && !!card.current?.contains(t);
    const over = (e: MouseEvent) => {
      const link = linkOf(e.target);
      if (link) schedule(link);
      else if (inCard(e.target)) window.clearTimeout(hideTimer.current);
    };
    const out = (e: MouseEvent) => {
      const from = linkOf(e.target) ?? (inCard(e.target) ? card.current : null);
      if (!from || (e.relatedTarget instanceof Node && from.contains(e.relatedTarget))) return;
      if (from !== card.current && dismissed.current === from) dismissed.current = null;
      // A card opened for the focused link stays while it has the focus.
      if (openLink.current && document.activeElement === openLink.current) return;
      closeSoon();
    };
    const focusIn = (e: FocusEvent) => {
      const link = linkOf(e.target);
      if (link) schedule(link);
    };
    const focusOut = (e: FocusEvent) => {
      const link = linkOf(e.target);
      if (!link) return;
      if (dismissed.current === link) dismissed.current = null;
      if (!inCard(e.relatedTarget)) close();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || (!openLink.current && !pending.current)) return;
      dismissed.current = openLink.current ?? pending.current?.link ?? null;
      close();
    };
    const down = (e: PointerEvent) => {
      if (inCard(e.target)) return;
      // A click on a link goes there: its focus must not open a card on the way.
      dismissed.current = linkOf(e.target);
      close();
    };
    // One signal removes every listener when the component leaves.
    const listening = new AbortController();
    const { signal } = listening;
    document.addEventListener("mouseover", over, { signal });
    document.addEventListener("mouseout", out, { signal });
    document.addEventListener("focusin", focusIn, { signal });
    document.addEventListener("focusout", focusOut, { signal });
    document.addEventListener("keydown", key, { signal });
    document.addEventListener("pointerdown", down, { signal });
    // An open card would drift from its link; a pending one is placed when it opens (focus may scroll its link into view).
    const moved = () => {
      if (openLink.current) close();
    };
    window.addEventListener("scroll", moved, { passive: true, signal });
    window.addEventListener("resize", moved, { signal });
    return () => {
      listening.abort();
      close();
    };
  }, [active, schedule, close, closeSoon]);

  // Placed before it is painted: below the link, or above it when there is no room, always inside the viewport.
  useLayoutEffect(() => {
    const el = card.current;
    if (!open || !el) return;
    const rect = open.link.getClientRects()[0] ?? open.link.getBoundingClientRect();
    const { offsetWidth: w, offsetHeight: h } = el;
    const below = rect.bottom + GAP;
    const top = below + h <= window.innerHeight - GAP || rect.top - GAP - h < GAP ? below : rect.top - GAP - h;
    el.style.top = `${Math.max(GAP, top)}px`;
    el.style.left = `${Math.min(Math.max(GAP, rect.left), Math.max(GAP, window.innerWidth - w - GAP))}px`;
    el.style.visibility = "visible";
  }, [open]);

  // The link names the card as its description while it is open.
  useEffect(() => {
    if (!open) return;
    const link = open.link;
    const had = link.getAttribute("aria-describedby");
    link.setAttribute("aria-describedby", had ? `${had} ${CARD_ID}` : CARD_ID);
    return () => {
      if (had) link.setAttribute("aria-describedby", had);
      else link.removeAttribute("aria-describedby");
    };
  }, [open]);

  if (!active || !open) return null;
  const { preview } = open;
  return (
    <div ref={card} id={CARD_ID} className="link-preview" style={{ visibility: "hidden", top: 0, left: 0 }} data-slug={preview.slug}>
      {preview.figure && (
        // eslint-disable-next-line @next/next/no-img-element -- a small local figure, already on the server's allow-list
        <img className="link-preview__figure" src={preview.figure.src} alt="" width={96} height={60} />
      )}
      <p className="link-preview__title">{preview.title}</p>
      <p className="link-preview__summary">{preview.summary}</p>
      {preview.evidence && (
        <p className="link-preview__evidence">
          <span className={`evidence-badge evidence-badge--${preview.evidence.level}`}>{preview.evidence.label}</span> {preview.evidence.line}
        </p>
      )}
      <p className="link-preview__actions">
        {/* Out of the tab order: the link itself is the keyboard's way there; the page's own toggle turns previews off. */}
        <Link href={preview.url} tabIndex={-1} onClick={close}>
          Open article
        </Link>
        <button
          type="button"
          tabIndex={-1}
          onClick={() => {
            setEnabled(false);
            close();
          }}
        >
          Turn previews off
        </button>
      </p>
    </div>
  );
}
