import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yIssues } from "./support/a11y";

for (const path of ["/", "/wiki/anxious-avoidant-relationship", "/wiki/gaslighting", "/browse/a", "/search?q=jealousy", "/wiki/no-such-page"]) {
  test(`no serious or critical accessibility violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    await expectNoSeriousA11yIssues(page);
  });
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
