import { expect, type Page } from "@playwright/test";

type CspWindow = Window & { __cspViolations?: string[] };

/**
 * Starts recording Content-Security-Policy violations on this page: `securitypolicyviolation` events (pushed to
 * `window` by an init script, so they are caught before any page script runs) and console messages that mention
 * "Content Security Policy". Call before the first navigation; `expectNone()` after each page to check.
 */
export async function watchCspViolations(page: Page) {
  let consoleMessages: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) consoleMessages.push(message.text());
  });
  await page.addInitScript(() => {
    const w = window as CspWindow;
    w.__cspViolations = [];
    window.addEventListener(
      "securitypolicyviolation",
      (e) =>
        w.__cspViolations?.push(
          `${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile || document.location.pathname}:${e.lineNumber}`,
        ),
      true,
    );
  });
  return {
    /** The violations seen on the current document, and console reports since the last check. */
    async take(): Promise<string[]> {
      // Reports of late scripts and images arrive after load.
      await page.waitForLoadState("networkidle");
      const events = await page.evaluate(() => (window as CspWindow).__cspViolations ?? []);
      const seen = [...events, ...consoleMessages];
      consoleMessages = [];
      return seen;
    },
    async expectNone(): Promise<void> {
      expect(await this.take(), `CSP violations on ${new URL(page.url()).pathname}`).toEqual([]);
    },
  };
}
