import { expect, test } from "@playwright/test";

// Issue 13, item 3: the header's search box suggests titles and other names as a reader types, and is used with the
// keyboard alone (ARIA 1.2 combobox: arrows, Enter, Escape); without JavaScript it is a plain search form.
test("type-ahead with the keyboard alone: an other name leads to its article", async ({ page }) => {
  await page.goto("/wiki/jealousy");
  const box = page.getByRole("combobox", { name: "Search Attune" });
  await box.focus();
  await page.keyboard.type("securely att");
  const list = page.getByRole("listbox", { name: "Suggestions" });
  await expect(list.getByRole("option").first()).toHaveText(/^Secure Attachment — .+: securely attached$/);
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowDown");
  await expect(list.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await list.getByRole("option").first().getAttribute("id")) ?? "");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/wiki\/secure-attachment$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Secure Attachment");
});

test("type-ahead: Escape closes the list, and Enter without a choice searches for the words typed", async ({ page }) => {
  await page.goto("/wiki/jealousy");
  const box = page.getByRole("combobox", { name: "Search Attune" });
  await box.focus();
  await page.keyboard.type("ghost");
  const list = page.getByRole("listbox", { name: "Suggestions" });
  await expect(list.getByRole("option", { name: "Ghosting" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(list).toBeHidden();
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=ghost$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the header's search box is a plain search form", async ({ page }) => {
    await page.goto("/wiki/jealousy");
    await page.getByRole("combobox", { name: "Search Attune" }).fill("limerence");
    await page.getByRole("button", { name: "Search", exact: true }).first().click();
    await expect(page).toHaveURL(/\/search\?q=limerence$/);
    await expect(page.getByRole("link", { name: "Limerence" }).first()).toBeVisible();
  });
});
