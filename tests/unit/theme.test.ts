import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";

// Dark mode (issue 16 item 6): the colour tokens of app/globals.css in both themes, and public/theme.js.

const root = path.resolve(import.meta.dirname, "../..");
const globals = readFileSync(path.join(root, "app/globals.css"), "utf8");

type Tokens = Record<string, string>;

/** The custom properties declared in the first rule whose selector is exactly `selector`. */
function tokensOf(css: string, selector: string): Tokens {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no rule ${selector}`);
  const body = css.slice(start + selector.length + 2, css.indexOf("}", start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

const light = tokensOf(globals, ":root");
const darkPinned = tokensOf(globals, ':root[data-theme="dark"]');
const darkSystem = tokensOf(globals, ':root:not([data-theme="light"])');
const dark: Tokens = { ...light, ...darkPinned };

function luminance(hex: string): number {
  const v = hex.replace("#", "");
  const full = v.length === 3 ? [...v].map((c) => c + c).join("") : v;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// [foreground, background, minimum]: text 4.5:1 (WCAG 1.4.3), borders of controls and focus rings 3:1 (1.4.11).
const pairs: [string, string, number][] = [
  ...["--paper", "--panel", "--surface"].flatMap((bg): [string, string, number][] => [
    ["--ink", bg, 4.5],
    ["--muted", bg, 4.5],
    ["--link", bg, 4.5],
    ["--accent", bg, 4.5],
    ["--brand", bg, 4.5],
    ["--danger", bg, 4.5],
    ["--success", bg, 4.5],
    ["--warn-ink", bg, 4.5],
    ["--violet", bg, 4.5],
    ["--focus", bg, 3],
  ]),
  ["--field-line", "--surface", 3],
  ["--on-brand", "--brand", 4.5],
  ["--on-brand", "--brand-hover", 4.5],
  ["--on-accent", "--accent", 4.5],
  ["--on-accent", "--accent-hover", 4.5],
  ["--on-danger", "--danger", 4.5],
  ["--on-danger", "--danger-hover", 4.5],
  ["--on-header", "--header", 4.5],
  ["--on-header", "--header-2", 4.5],
  ["--header-muted", "--header-2", 4.5],
  ["--on-highlight", "--highlight", 4.5],
  ["--focus-on-dark", "--header", 3],
  ["--focus-on-dark", "--header-2", 3],
  ["--warn-ink", "--tint-warn", 4.5],
  ["--ink", "--tint-warn", 4.5],
  ["--link", "--tint-warn", 4.5],
  ["--ink", "--tint-accent", 4.5],
  ["--link", "--tint-accent", 4.5],
  ["--ink", "--tint-ok", 4.5],
  ["--ink", "--tint-bad", 4.5],
  ["--ink", "--mark", 4.5],
  ["--link", "--mark", 4.5],
  ["--ins-ink", "--ins-bg", 4.5],
  ["--del-ink", "--del-bg", 4.5],
  ["--ink", "--ev-strong", 4.5],
  ["--ink", "--ev-moderate", 4.5],
  ["--ink", "--ev-limited", 4.5],
  ["--focus", "--tint-warn", 3],
  ["--focus", "--tint-accent", 3],
];

describe("colour tokens", () => {
  it("the pinned dark theme and the system's dark theme are the same set of values", () => {
    expect(Object.keys(darkPinned).length).toBeGreaterThan(30);
    expect(darkSystem).toEqual(darkPinned);
  });

  it("every dark value redefines a light token (no token only one theme has)", () => {
    expect(Object.keys(darkPinned).filter((k) => !(k in light))).toEqual([]);
  });

  for (const [name, tokens] of [
    ["light", light],
    ["dark", dark],
  ] as const) {
    it(`every text and control pair meets WCAG AA in the ${name} theme`, () => {
      const weak = pairs
        .map(([fg, bg, min]) => ({ pair: `${fg} on ${bg}`, ratio: Math.round(contrast(tokens[fg], tokens[bg]) * 100) / 100, min }))
        .filter((p) => !(p.ratio >= p.min));
      expect(weak).toEqual([]);
    });
  }

  it("the dark theme is dark and the light theme light", () => {
    expect(luminance(light["--paper"])).toBeGreaterThan(0.9);
    expect(luminance(dark["--paper"])).toBeLessThan(0.02);
    expect(luminance(dark["--mat"])).toBeGreaterThan(0.8); // figures keep their light mat
  });

  it("no style sheet uses a literal colour outside the token declarations", () => {
    const dir = path.join(root, "app/_components");
    const sheets = [
      path.join(root, "app/globals.css"),
      ...readdirSync(dir)
        .filter((f) => f.endsWith(".css"))
        .map((f) => path.join(dir, f)),
    ];
    const literals = sheets.flatMap((file) =>
      readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .split("\n")
        .map((line, i) => ({ where: `${path.relative(root, file)}:${i + 1}`, line: line.trim() }))
        .filter(({ line }) => !line.startsWith("--") && /:[^;{]*(#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(|\b(white|black)\b)/i.test(line)),
    );
    expect(literals).toEqual([]);
  });
});

describe("public/theme.js", () => {
  const script = readFileSync(path.join(root, "public/theme.js"), "utf8");

  /** Runs the script against a stand-in <html> and storage, and returns the attributes it left on <html>. */
  function run(stored: string | null, storageThrows = false): Record<string, string> {
    const attributes: Record<string, string> = { "data-theme": "stale" };
    const documentElement = {
      setAttribute: (k: string, v: string) => void (attributes[k] = v),
      removeAttribute: (k: string) => void delete attributes[k],
    };
    const localStorage = {
      getItem: (key: string) => {
        if (storageThrows) throw new Error("SecurityError");
        return key === "attune-theme" ? stored : null;
      },
    };
    vm.runInNewContext(script, { document: { documentElement }, window: { localStorage } });
    return attributes;
  }

  it("pins a stored light or dark choice", () => {
    expect(run("dark")).toEqual({ "data-theme": "dark", "data-theme-choice": "dark" });
    expect(run("light")).toEqual({ "data-theme": "light", "data-theme-choice": "light" });
  });

  it("leaves the system setting in charge when nothing (or nonsense) is stored, or storage is refused", () => {
    for (const attributes of [run(null), run("purple"), run("dark", true)]) expect(attributes).toEqual({ "data-theme-choice": "system" });
  });
});
