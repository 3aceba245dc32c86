import { expect, test } from "@playwright/test";
import { userPage } from "./support/auth";

// Issue 12, item 5: a proposal that adds an external link is flagged when it is submitted; the moderator sees the flag
// in the queue, can keep only proposals with it, and reads its reason (with the domain) on the review page.
test("a proposal adding an external link is flagged in the queue, filterable, and explained on the review page", async ({ browser }) => {
  const writer = await userPage(browser, "linker@example.org", "Link Adder");
  await writer.goto("/wiki/orbiting/edit");
  const body = writer.getByLabel("Article text (Markdown)");
  await body.fill(`${await body.inputValue()}\n\nMore on this at [a blog](https://flagged-domain.example/post).\n`);
  await writer.getByLabel("Edit summary").fill("Add a link to a blog");
  await writer.getByLabel(/I publish my contribution/).check();
  await writer.getByRole("button", { name: "Submit for review" }).click();
  await expect(writer).toHaveURL(/\/me\/proposals\?submitted=\d+/);

  const moderator = await userPage(browser, "admin@attune.test", "Site Admin");
  await moderator.goto("/moderation");
  const row = moderator.getByRole("row").filter({ hasText: "Add a link to a blog" });
  await expect(row.getByTestId("risk-flags")).toContainText("External links");

  // Only the proposals with that flag; the row stays, and a proposal without it would not be listed.
  await moderator.getByRole("navigation", { name: "Risk flag:" }).getByRole("link", { name: "External links" }).click();
  await expect(moderator).toHaveURL(/[?&]flag=external-links/);
  await expect(moderator.getByRole("row").filter({ hasText: "Add a link to a blog" })).toHaveCount(1);
  const rows = moderator.locator("tbody tr");
  for (const r of await rows.all()) await expect(r.getByTestId("risk-flags")).toContainText("External links");

  await moderator.getByRole("row").filter({ hasText: "Add a link to a blog" }).getByRole("link", { name: "Review" }).click();
  await expect(moderator.locator("main").getByTestId("risk-flags")).toContainText("flagged-domain.example");
  await writer.context().close();
  await moderator.context().close();
});
