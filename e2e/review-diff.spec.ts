import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yIssues } from "./support/a11y";
import { userPage } from "./support/auth";

// Issue 12's acceptance journey: one sentence changed in the browser's editor (its textarea, so the browser's own
// line endings are in play) reads on the review page as that sentence deleted and its replacement inserted, and
// nothing else.
test("a one-sentence edit reviews as one deleted and one inserted run, and the summary says 1 paragraph changed", async ({ browser }) => {
  const writer = await userPage(browser, "one.sentence@example.org", "One Sentence");
  await writer.goto("/wiki/stonewalling/edit");
  const body = writer.getByLabel("Article text (Markdown)");
  const text = await body.inputValue();
  // A plain sentence (no Markdown inside, so it reads the same rendered) from the middle of a paragraph after the lead.
  const old =
    text
      .split("\n\n")
      .slice(2)
      .filter((p) => /^[A-Z]/.test(p))
      .flatMap((p) => p.split(". ").slice(1, -1))
      .find((s) => s.length > 40 && !/[*_`[\]()#]/.test(s)) ?? "";
  expect(old.length).toBeGreaterThan(40);
  const replacement = "Couples who learn to name the shutdown early can agree on a pause and a time to return";
  await body.click();
  await body.fill(text.replace(old, replacement));
  await writer.getByLabel("Edit summary").fill("Reword one sentence about stonewalling");
  await writer.getByLabel(/I publish my contribution/).check();
  await writer.getByRole("button", { name: "Submit for review" }).click();
  await expect(writer).toHaveURL(/\/me\/proposals\?submitted=\d+/);

  const moderator = await userPage(browser, "admin@attune.test", "Site Admin");
  await moderator.goto("/moderation");
  await moderator.getByRole("row").filter({ hasText: "Reword one sentence about stonewalling" }).getByRole("link", { name: "Review" }).click();
  const summary = moderator.getByRole("navigation", { name: "Summary of changes" });
  await expect(summary).toContainText("Title unchanged");
  await expect(summary).toContainText("1 paragraph changed");
  await expect(summary.getByRole("listitem")).toHaveCount(2);

  const structured = moderator.getByTestId("structured-diff");
  const deleted = structured.locator("del:not(.diff-raw del)");
  const inserted = structured.locator("ins:not(.diff-raw ins)");
  await expect(deleted).toHaveCount(1);
  await expect(inserted).toHaveCount(1);
  expect((await deleted.textContent())?.replace(/^deleted: /, "")).toBe(old);
  expect((await inserted.textContent())?.replace(/^inserted: /, "")).toBe(replacement);
  // No field changed; the one changed paragraph is the only stop, and the rest of its section is folded.
  await expect(structured.locator(".diff-field")).toHaveCount(0);
  await expect(structured.locator(".diff-para[data-change]")).toHaveCount(1);

  // j moves to the change and says where it is; the decision form is on the same screen.
  await moderator.keyboard.press("j");
  await expect(moderator.getByRole("status").filter({ hasText: "Change 1 of 1" })).toBeVisible();
  await expect(structured.locator(".diff-para[data-change]")).toBeFocused();
  await expect(moderator.getByRole("button", { name: "Approve and publish" })).toBeInViewport();
  // The rendered article marks the changed paragraph in the margin, beside the current version.
  await expect(moderator.locator(".review__rendered .changed-block")).toHaveCount(1);
  await expect(moderator.locator(".review__rendered .changed-block")).toContainText(replacement);
  await expect(moderator.locator(".review__now")).toContainText(old);
  await expectNoSeriousA11yIssues(moderator);
  await writer.context().close();
  await moderator.context().close();
});
