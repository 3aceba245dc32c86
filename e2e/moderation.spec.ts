import { expect, test, type Page } from "@playwright/test";
import { latestEmail, userPage } from "./support/auth";

/** Opens the editor on an article, lets `change` rewrite the body, and submits with a summary. */
async function proposeEdit(page: Page, slug: string, change: (body: string) => string, summary: string) {
  await page.goto(`/wiki/${slug}`);
  // The account menu fills in after the page loads (it asks /api/me) and, for a moderator, takes a second line of the
  // header: click once it has, or the link moves under the pointer.
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "My proposals" })).toBeVisible();
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/wiki/${slug}/edit$`));
  const body = page.getByLabel("Article text (Markdown)");
  await body.fill(change(await body.inputValue()));
  await page.getByLabel("Edit summary").fill(summary);
  await page.getByLabel(/I publish my contribution/).check();
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page).toHaveURL(/\/me\/proposals\?submitted=\d+/);
  await expect(page.getByRole("row").filter({ hasText: summary })).toContainText("pending");
}

/** The text the structured diff marks inserted (outside the raw-source diff, which is folded away). */
async function insertedText(page: Page): Promise<string> {
  const inserted = page.getByTestId("structured-diff").locator("ins:not(.diff-raw ins)");
  await expect(inserted).not.toHaveCount(0);
  return (await inserted.allTextContents()).join("");
}

async function openProposal(page: Page, summary: string) {
  await page.goto("/moderation");
  await page.getByRole("row").filter({ hasText: summary }).getByRole("link", { name: "Review" }).click();
}

test("contributor: a validation error keeps the draft; a new article waits as pending", async ({ browser }) => {
  const page = await userPage(browser, "drafter@example.org", "Careful Drafter");
  await page.goto("/wiki/benching/edit");
  const body = page.getByLabel("Article text (Markdown)");
  await body.fill(`Drafted words that must survive. ${await body.inputValue()}`);
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText("Write an edit summary")).toBeVisible();
  await expect(page.getByText("Tick the box to publish")).toBeVisible();
  await expect(body).toHaveValue(/^Drafted words that must survive\./);
  // a reload restores the draft kept in the browser
  await page.reload();
  await page.getByRole("button", { name: "Restore my draft" }).click();
  await expect(page.getByLabel("Article text (Markdown)")).toHaveValue(/^Drafted words that must survive\./);

  await page.goto("/contribute/new");
  await page.getByLabel("Title", { exact: true }).fill("Slow Fade");
  await page.getByLabel("Summary", { exact: true }).fill("A gradual withdrawal of attention in dating, in place of an explicit ending.");
  await page.getByLabel("Categories").fill("Dating, Online Dating");
  await page
    .getByLabel("Article text (Markdown)")
    .fill(
      "The **slow fade** is a gradual reduction in contact used to end a budding relationship without saying so.\n\n## History\nThe phrase spread in dating advice columns.\n",
    );
  await page.getByLabel("Edit summary").fill("New article on the slow fade");
  await page.getByLabel(/I publish my contribution/).check();
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("region", { name: "Preview" }).getByRole("heading", { level: 1, name: "Slow Fade" })).toBeVisible();
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByRole("row").filter({ hasText: "New article on the slow fade" })).toContainText("pending");
  await page.context().close();
});

test("moderator: review a diff, approve (readers see it at once), reject with a note, history, diff and revert", async ({ browser }) => {
  const writer = await userPage(browser, "writer.one@example.org", "Writer One");
  const marker = "Editors have long noted how varied secure partners are.";
  await proposeEdit(writer, "secure-attachment", (b) => `${marker} ${b}`, "Add a framing sentence to the lead");
  await proposeEdit(writer, "orbiting", (b) => `Unsupported claim. ${b}`, "Add an unsupported claim");

  const admin = await userPage(browser, "admin@attune.test", "Site Admin");
  await admin.goto("/moderation");
  await expect(admin.getByRole("heading", { name: "Moderation queue" })).toBeVisible();
  await expect(admin.getByRole("navigation", { name: "Account" }).getByTestId("pending-pill")).not.toHaveText("0");
  await openProposal(admin, "Add a framing sentence to the lead");
  expect(await insertedText(admin)).toContain("Editors have long noted");
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByRole("status")).toContainText("Approved");

  // readers see the change at once (the article's cache tag was expired)
  const reader = await browser.newPage();
  await reader.goto("/wiki/secure-attachment");
  await expect(reader.locator(".lead")).toContainText(marker);

  await openProposal(admin, "Add an unsupported claim");
  await admin.getByRole("button", { name: "Reject" }).click();
  await expect(admin.locator(".decision-form").getByRole("alert")).toContainText("Write a note");
  await admin.getByLabel(/Note to the author/).fill("Please add a source for this claim.");
  await admin.getByRole("button", { name: "Reject" }).click();
  await expect(admin.getByRole("status")).toContainText("Rejected");
  const mail = await latestEmail(admin, "writer.one@example.org", /not accepted/);
  expect(mail).toContain("Please add a source for this claim.");
  await writer.goto("/me/proposals");
  await expect(writer.getByRole("row").filter({ hasText: "Add an unsupported claim" })).toContainText("rejected");
  await expect(writer.getByRole("row").filter({ hasText: "Add an unsupported claim" })).toContainText("Please add a source");

  // history: the revision with display name and summary; compare; revert
  await admin.goto("/wiki/secure-attachment/history");
  const rows = admin.getByTestId("revision-row");
  await expect(rows.first()).toContainText("Writer One");
  await expect(rows.first()).toContainText("Add a framing sentence to the lead");
  // The Compare button stands clear of the table above it.
  const gap = await admin.evaluate(
    () => document.querySelector("button[form=compare]")!.getBoundingClientRect().top - document.querySelector(".data-table")!.getBoundingClientRect().bottom,
  );
  expect(gap).toBeGreaterThanOrEqual(12);
  await admin.getByRole("button", { name: "Compare selected revisions" }).click();
  await expect(admin.getByRole("heading", { name: /→ revision/ })).toBeVisible();
  expect(await insertedText(admin)).toContain("Editors have long noted");
  await rows
    .nth(1)
    .getByRole("button", { name: /Revert to revision/ })
    .click();
  await expect(admin.getByRole("status")).toContainText("Reverted");
  await reader.goto("/wiki/secure-attachment");
  await expect(reader.locator(".lead")).not.toContainText(marker);
  await expect(admin.getByTestId("revision-row")).toHaveCount(3);
  await writer.context().close();
  await admin.context().close();
  await reader.close();
});

test("search finds a newly approved article at once, though the same search was just answered from the cache", async ({ browser }) => {
  const reader = await browser.newPage();
  const query = "Mirror Texting";
  await reader.goto(`/search?q=${encodeURIComponent(query)}`);
  await expect(reader.getByRole("status")).not.toContainText("result");
  await reader.reload(); // answered again, now from the search cache
  await expect(reader.locator(".search-results h2").filter({ hasText: query })).toHaveCount(0);

  const writer = await userPage(browser, "mirror.writer@example.org", "Mirror Writer");
  await writer.goto("/contribute/new");
  await writer.getByLabel("Title", { exact: true }).fill(query);
  await writer.getByLabel("Summary", { exact: true }).fill("Matching a dating match's message length, tone and timing to signal interest.");
  await writer.getByLabel("Categories").fill("Dating, Online Dating");
  await writer
    .getByLabel("Article text (Markdown)")
    .fill("**Mirror texting** means answering in the other person's rhythm: similar length, similar delay.\n\n## Use\nDating coaches describe it.\n");
  await writer.getByLabel("Edit summary").fill("New article on mirror texting");
  await writer.getByLabel(/I publish my contribution/).check();
  await writer.getByRole("button", { name: "Submit for review" }).click();
  await expect(writer.getByRole("row").filter({ hasText: "New article on mirror texting" })).toContainText("pending");

  const admin = await userPage(browser, "admin@attune.test", "Site Admin");
  await openProposal(admin, "New article on mirror texting");
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByRole("status")).toContainText("Approved");

  await reader.goto(`/search?q=${encodeURIComponent(query)}`);
  await expect(reader.locator(".search-results > li").first().getByRole("link")).toHaveText(query);
  await writer.context().close();
  await admin.context().close();
  await reader.close();
});

test("nobody approves their own proposal", async ({ browser }) => {
  const admin = await userPage(browser, "admin@attune.test", "Site Admin");
  await proposeEdit(admin, "negging", (b) => `Self-proposed sentence. ${b}`, "Admin's own edit");
  await admin.goto("/moderation");
  await admin.getByRole("row").filter({ hasText: "Admin's own edit" }).getByRole("link", { name: "View (yours)" }).click();
  await expect(admin.getByText("This is your own proposal")).toBeVisible();
  await expect(admin.getByRole("button", { name: "Approve and publish" })).toHaveCount(0);
  await admin.context().close();
});

test("conflict: an overlapping edit goes back to its author with both versions; a separate one merges", async ({ browser }) => {
  const first = await userPage(browser, "first.editor@example.org", "First Editor");
  const second = await userPage(browser, "second.editor@example.org", "Second Editor");
  const third = await userPage(browser, "third.editor@example.org", "Third Editor");
  // all three start from the same revision of the same article
  const sentence = (b: string) => b.split("\n")[0];
  await proposeEdit(first, "compersion", (b) => b.replace(sentence(b), `${sentence(b)} First editor's addition.`), "First change to the lead");
  await proposeEdit(second, "compersion", (b) => b.replace(sentence(b), `${sentence(b)} Second editor's rival addition.`), "Rival change to the lead");
  await proposeEdit(third, "compersion", (b) => `${b.trimEnd()}\n\nA closing line from the third editor.\n`, "Closing line at the end");

  const admin = await userPage(browser, "admin@attune.test", "Site Admin");
  await openProposal(admin, "First change to the lead");
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByRole("status")).toContainText("Approved");
  await openProposal(admin, "Closing line at the end");
  await expect(admin.getByText("The article has changed since this proposal was written")).toBeVisible();
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByRole("status")).toContainText("merged with a later edit");
  await openProposal(admin, "Rival change to the lead");
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByRole("status")).toContainText("conflicted");

  const reader = await browser.newPage();
  await reader.goto("/wiki/compersion");
  await expect(reader.locator("article")).toContainText("First editor's addition.");
  await expect(reader.locator("article")).toContainText("A closing line from the third editor.");
  await expect(reader.locator("article")).not.toContainText("rival addition");

  await latestEmail(second, "second.editor@example.org", /needs updating/);
  await second.goto("/me/proposals");
  const row = second.getByRole("row").filter({ hasText: "Rival change to the lead" });
  await expect(row).toContainText("conflicted");
  await row.getByRole("link", { name: "Revise and resubmit" }).click();
  await expect(second.getByRole("heading", { name: "Both versions" })).toBeVisible();
  await expect(second.getByLabel("Before")).toContainText("First editor's addition.");
  await expect(second.getByLabel("After")).toContainText("Second editor's rival addition.");
  const body = second.getByLabel("Article text (Markdown)");
  await expect(body).toHaveValue(/Second editor's rival addition\./);
  await second.getByLabel(/I publish my contribution/).check();
  await second.getByRole("button", { name: "Resubmit for review" }).click();
  await expect(second.getByRole("row").filter({ hasText: "Rival change to the lead" })).toContainText("pending");
  for (const p of [first, second, third, admin]) await p.context().close();
  await reader.close();
});

test("an article's HTML is the same for anonymous and signed-in readers", async ({ browser, request }) => {
  const signedIn = await userPage(browser, "reader.same@example.org", "Same Reader");
  await request.get("/wiki/jealousy"); // warm the cache
  const anonymous = await (await request.get("/wiki/jealousy")).text();
  const response = await signedIn.request.get("/wiki/jealousy");
  expect(response.headers()["x-nextjs-cache"]).toBe("HIT");
  expect(await response.text()).toBe(anonymous);
  await signedIn.context().close();
});
