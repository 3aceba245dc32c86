import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yIssues } from "./support/a11y";
import { tabThroughFocusRings } from "./support/focus";

// Both themes (issue 16): the light one as the page comes, the dark one chosen with the toggle's stored choice.
const themes = ["light", "dark"] as const;
type Theme = (typeof themes)[number];

/** Stores the theme choice before any page script runs, as the toggle would have on an earlier visit. */
async function useTheme(page: Page, theme: Theme) {
  await page.addInitScript((value) => localStorage.setItem("attune-theme", value), theme);
}

for (const theme of themes) {
  for (const path of [
    "/",
    "/wiki/anxious-avoidant-relationship",
    "/wiki/gaslighting",
    "/help/evidence",
    "/browse/a",
    "/search?q=jealousy",
    "/wiki/no-such-page",
    "/donate",
    "/newsletter",
    "/category/Relationships",
  ]) {
    test(`no serious or critical accessibility violations on ${path} (${theme})`, async ({ page }) => {
      await useTheme(page, theme);
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expectNoSeriousA11yIssues(page);
    });
  }
}

for (const path of ["/", "/wiki/attachment-styles", "/browse/a", "/search?q=ghosting"]) {
  test(`no sideways scrolling at 320px on ${path}`, async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
}

test("the skip link moves focus to the content", async ({ page }) => {
  await page.goto("/wiki/jealousy");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});

// WCAG 1.4.11: a focus ring needs 3:1 against what is around it. Measured at every stop, tabbing through the whole page.
for (const theme of themes)
  for (const path of ["/", "/wiki/anxious-avoidant-relationship"]) {
    test(`every focus ring on ${path} has at least 3:1 contrast against the background behind it (${theme})`, async ({ page }) => {
      await useTheme(page, theme);
      await page.goto(path);
      const stops = await tabThroughFocusRings(page);
      expect(stops.length, "the page has keyboard stops to measure").toBeGreaterThan(20);
      const weak = stops.filter((s) => s.problem || s.ratio < 3).map((s) => `${s.element}: ${s.problem ?? `${s.outline} on ${s.background} is ${s.ratio}:1`}`);
      expect(weak).toEqual([]);
    });
  }

test("the focus ring measure fails the old amber ring on the cream page", async ({ page }) => {
  await page.goto("/");
  await page.addStyleTag({ content: ":root { --focus: #f6ae2d !important; }" });
  const stops = await tabThroughFocusRings(page, 40);
  expect(stops.filter((s) => s.background === "#fbfaf7" && s.outline === "#f6ae2d").map((s) => s.ratio)).toContainEqual(expect.closeTo(1.83, 1));
  expect(stops.some((s) => s.ratio < 3)).toBe(true);
});
