import type { Page } from "@playwright/test";

/** One keyboard focus stop: what had focus, its ring's colour, what lies behind the ring, and their contrast. */
export type FocusStop = { element: string; outline: string; background: string; ratio: number; problem?: string };

/**
 * Presses Tab through the page (at most `max` times, or until focus comes round again) and, at each stop, measures the
 * focus ring: the focused element's outline colour against the colour painted just outside its box, where the ring is
 * drawn (what lies there: the first element under that point that is not the focused one, then up its ancestors to
 * the first background that is not transparent). Each side of the box is measured; the worst side counts.
 */
export async function tabThroughFocusRings(page: Page, max = 250): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(measureFocusRing);
    if (!stop) break; // focus left the page or returned to the document
    if (seen.has(stop.key)) break;
    seen.add(stop.key);
    stops.push(stop.result);
  }
  return stops;
}

// Runs in the page. Kept free of closures over test code, so Playwright can ship it as is.
function measureFocusRing(): { key: string; result: FocusStop } | null {
  type RGBA = [number, number, number, number];
  const parse = (c: string): RGBA => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top: RGBA, under: RGBA): RGBA => {
    const a = top[3] + under[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: number) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const lum = ([r, g, b]: RGBA) => {
    const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (a: RGBA, b: RGBA) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const hex = ([r, g, b]: RGBA) => `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;
  // The colour an element shows: its background over its ancestors' until one is opaque (the page's canvas is white).
  const backgroundOf = (start: Element | null): RGBA => {
    let colour: RGBA = [0, 0, 0, 0];
    for (let e = start; e && colour[3] < 1; e = e.parentElement) colour = over(colour, parse(getComputedStyle(e).backgroundColor));
    return over(colour, [255, 255, 255, 1]);
  };
  const describe = (e: Element) => {
    const text = (e.getAttribute("aria-label") ?? (e as HTMLElement).innerText ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.className && typeof e.className === "string" ? `.${e.className.trim().split(/\s+/).join(".")}` : ""}${text ? ` “${text}”` : ""}`;
  };

  const active = document.activeElement;
  if (!active || active === document.body || active === document.documentElement) return null;
  // A control hidden for a styled stand-in (the donation chips' radios): the ring is on its label.
  let ringed: Element = active;
  const box = active.getBoundingClientRect();
  const labels = (active as HTMLInputElement).labels;
  if ((Number(getComputedStyle(active).opacity) === 0 || box.width < 4 || box.height < 4) && labels && labels.length > 0) ringed = labels[0];
  const style = getComputedStyle(ringed);
  const key = `${describe(active)}@${Math.round(box.x)},${Math.round(box.y)}`;
  const width = parseFloat(style.outlineWidth);
  if (style.outlineStyle === "none" || !(width > 0)) {
    return { key, result: { element: describe(active), outline: "none", background: "", ratio: 0, problem: "no focus outline" } };
  }
  const ringColour = parse(style.outlineColor);
  const r = ringed.getBoundingClientRect();
  const out = parseFloat(style.outlineOffset || "0") + width / 2;
  const points: [number, number][] = [
    [r.left - out, r.top + r.height / 2],
    [r.right + out, r.top + r.height / 2],
    [r.left + r.width / 2, r.top - out],
    [r.left + r.width / 2, r.bottom + out],
  ];
  let worst: { ratio: number; background: RGBA } | null = null;
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const behind = document.elementsFromPoint(x, y).find((e) => e !== ringed && !ringed.contains(e) && e !== active && !active.contains(e)) ?? null;
    const background = backgroundOf(behind ?? ringed.parentElement);
    const ratio = contrast(over(ringColour, background), background);
    if (!worst || ratio < worst.ratio) worst = { ratio, background };
  }
  if (!worst) {
    const background = backgroundOf(ringed.parentElement);
    worst = { ratio: contrast(over(ringColour, background), background), background };
  }
  return {
    key,
    result: { element: describe(active), outline: hex(ringColour), background: hex(worst.background), ratio: Math.round(worst.ratio * 100) / 100 },
  };
}
