// Debian's chromium and the flags it runs with, for the browser tests (playwright.config.ts) and the benchmarks
// (scripts/bench/lib.mjs): Playwright's own browser download does not work on every machine.
import { existsSync } from "node:fs";

export const debianChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
