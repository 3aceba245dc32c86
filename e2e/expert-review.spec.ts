import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yIssues } from "./support/a11y";
import { userPage } from "./support/auth";

// Issue 15's expert-review journey: an admin grants a profile; the expert reviews the current revision from the
// re-review queue; readers see the badge; an approved edit that rewrites most of the prose makes the badge say the
// review predates the change, and the article is back in the queue.
const SLUG = "rejection-sensitivity";

test("an expert reviews an article, readers see the badge, and a large approved edit expires it", async ({ browser }) => {
  test.setTimeout(180_000); // four people, two publications and three accessibility scans on a shared machine
  const expert = await userPage(browser, "expert.reviewer@example.org", "Ada Reviewer");
  const admin = await userPage(browser, "admin@attune.test", "Site Admin");

  // The admin grants the profile (by email address); the person's role stays what it was.
  await admin.goto("/admin/experts");
  await admin.getByLabel("Account (email address or display name)").fill("expert.reviewer@example.org");
  const grant = admin.getByRole("region", { name: "Grant a profile" });
  await grant.getByLabel("Name readers see").fill("Dr Ada Reviewer");
  await grant.getByLabel("Credential").fill("PhD, clinical psychology");
  await grant.getByLabel("Field").fill("Couples therapy");
  await admin.getByRole("button", { name: "Grant expert profile" }).click();
  await expect(admin.getByRole("status")).toContainText("Expert profile granted.");
  await expect(admin.getByTestId("expert-row").filter({ hasText: "expert.reviewer@example.org" })).toBeVisible();
  await expectNoSeriousA11yIssues(admin);

  // The expert finds the queue in the account menu, and the article in it (never reviewed).
  await expert.goto("/");
  await expert.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Re-review queue" }).click();
  await expect(expert.getByRole("heading", { name: "Re-review queue" })).toBeVisible();
  const row = expert.getByTestId("review-queue-row").filter({ hasText: "Rejection Sensitivity" });
  await expect(row).toContainText("Never reviewed");
  await row.getByRole("link", { name: /^Review “/ }).click();
  await expect(expert).toHaveURL(new RegExp(`/wiki/${SLUG}/review$`));
  const submit = expert.getByRole("button", { name: /^Mark revision \d+ reviewed$/ });
  const revision = (await submit.textContent())?.match(/\d+/)?.[0];
  // An empty note is refused in words.
  await submit.click();
  await expect(expert.getByRole("alert").filter({ hasText: "Write a note" })).toBeVisible();
  await expert.getByLabel(/Review note/).fill("Checked the lead and the measurement section against the cited studies.");
  await submit.click();
  await expect(expert).toHaveURL(new RegExp(`/wiki/${SLUG}\\?reviewed=1$`));

  // A signed-out reader sees the badge, and the note on request.
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(`/wiki/${SLUG}`);
  const badge = reader.getByTestId("review-badge");
  await expect(badge).toContainText(`Reviewed by Dr Ada Reviewer, PhD, clinical psychology, on`);
  await expect(badge).toContainText(`(revision ${revision}).`);
  await expect(badge.getByText("Checked the lead and the measurement section")).toBeHidden();
  await badge.getByText("Reviewer's note").click();
  await expect(badge.getByText("Checked the lead and the measurement section")).toBeVisible();
  await expect(badge).not.toContainText("changed a lot");
  await expectNoSeriousA11yIssues(reader);

  // A contributor rewrites most of the prose; a moderator approves it.
  const writer = await userPage(browser, "big.rewrite@example.org", "Big Rewrite");
  await writer.goto(`/wiki/${SLUG}/edit`);
  const body = writer.getByLabel("Article text (Markdown)");
  const rewritten = (await body.inputValue())
    .split("\n")
    .map((line) => (line.length > 80 && !/^[#|>*-]/.test(line) ? "This paragraph was rewritten from scratch in plain words." : line))
    .join("\n");
  await body.fill(rewritten);
  await writer.getByLabel("Edit summary").fill("Rewrite the article in plain words");
  await writer.getByLabel(/I publish my contribution/).check();
  await writer.getByRole("button", { name: "Submit for review" }).click();
  await expect(writer).toHaveURL(/\/me\/proposals\?submitted=\d+/);
  await admin.goto("/moderation");
  await admin.getByRole("row").filter({ hasText: "Rewrite the article in plain words" }).getByRole("link", { name: "Review" }).click();
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByRole("status")).toContainText("Approved");

  // The reader's badge now says the review predates the change, and claims no current review.
  await reader.goto(`/wiki/${SLUG}`);
  await expect(badge).toContainText(`Reviewed by Dr Ada Reviewer, PhD, clinical psychology, on`);
  await expect(badge).toContainText(`(revision ${revision}) — the article has changed a lot since.`);

  // History shows the review among the revisions; the queue has the article back, with the reason.
  await reader.goto(`/wiki/${SLUG}/history`);
  await expect(reader.getByTestId("review-row")).toContainText(`Reviewed by Dr Ada Reviewer, PhD, clinical psychology (revision ${revision})`);
  await expert.goto("/review");
  await expect(expert.getByTestId("review-queue-row").filter({ hasText: "Rejection Sensitivity" })).toContainText(
    /Expired: changed \d+% since the reviewed revision/,
  );
  await expectNoSeriousA11yIssues(expert);

  // Someone without a profile is told the queue is for experts.
  await writer.goto("/review");
  await expect(writer.getByRole("alert").filter({ hasText: "This queue is for experts." })).toBeVisible();
  for (const page of [expert, admin, writer]) await page.context().close();
  await reader.context().close();
});
