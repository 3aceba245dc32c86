import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";

test("a reader follows a citation to its source, and the back-link returns to the claim", async ({ page }) => {
  await page.goto("/wiki/attachment-styles");
  const lead = page.locator(".lead");
  // Numbered by first citation: the lead cites Bowlby first.
  const first = lead.locator("sup.citation").first().getByRole("link", { name: "source 1" });
  await expect(first).toHaveAttribute("href", "#source-bowlby1969");
  await first.click();
  await expect(page).toHaveURL(/#source-bowlby1969$/);
  const entry = page.locator("#source-bowlby1969");
  await expect(entry).toBeInViewport();
  await expect(entry).toContainText("Bowlby, J. (1969)");
  await expect(entry).toContainText("Theory or review article");
  // Its place in the list is its number.
  await expect(page.getByRole("region", { name: "Sources" }).locator("ol > li").first()).toHaveAttribute("id", "source-bowlby1969");

  await entry.getByRole("link", { name: "Back to the first citation of source 1" }).click();
  await expect(page).toHaveURL(/#cite-bowlby1969$/);
  await expect(first).toBeInViewport();

  // A graded source says its grade; an ungraded one says so; a claim without a source is marked.
  await expect(page.locator("#source-vanijzendoorn1988")).toContainText("Meta-analysis");
  await expect(page.locator("#source-ainsworth1978")).toContainText("not yet graded");
  await expect(page.locator("sup.citation-needed").first()).toBeVisible();
  await expect(page.locator("sup.citation-needed").first()).toContainText("citation needed");
});

test("the editor offers each source's type as a choice, with sample and population", async ({ page }) => {
  await signIn(page, "grader@example.org", "Grader", "/wiki/attachment-styles/edit");
  await page.goto("/wiki/attachment-styles/edit");
  const sources = page.getByRole("group", { name: "Sources" });
  const type = sources.getByRole("combobox", { name: "Type" });
  await expect(type.first()).toHaveValue("theory-or-review");
  await expect(type.nth(1)).toHaveValue("");
  await expect(type.nth(1).locator("option:checked")).toHaveText("not yet graded");
  const options = await type.first().locator("option").allTextContents();
  expect(options).toEqual([
    "not yet graded",
    "Meta-analysis",
    "Systematic review",
    "Randomised experiment",
    "Longitudinal study",
    "Cross-sectional survey",
    "Qualitative study",
    "Theory or review article",
    "Book for general readers",
    "Clinical guideline",
    "Journalism",
  ]);
  await expect(sources.getByRole("textbox", { name: "Key" }).first()).toHaveValue("bowlby1969");
  await expect(sources.getByRole("textbox", { name: "Sample (n)" }).first()).toBeVisible();
  await expect(sources.getByRole("textbox", { name: "Population" }).first()).toBeVisible();

  // A choice made here reaches the text: the preview's source list shows the new grade.
  await type.nth(1).selectOption("longitudinal-study");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("region", { name: "Preview" }).locator("#source-ainsworth1978")).toContainText("Longitudinal study");
});
