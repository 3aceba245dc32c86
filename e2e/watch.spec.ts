import { expect, test } from "@playwright/test";
import { firstLink, latestEmail, userPage } from "./support/auth";

const SLUG = "jealousy";

test("watchlist: a reader watches an article, an edit is approved, the change email links to the diff", async ({ browser }) => {
  // Signed out: the toggle offers sign-in, and the page itself is the same for everyone.
  const anonymous = await browser.newPage();
  await anonymous.goto(`/wiki/${SLUG}`);
  await expect(anonymous.getByRole("link", { name: "Sign in to watch" })).toBeVisible();
  await anonymous.close();

  const reader = await userPage(browser, "keen.watcher@example.org", "Keen Watcher");
  await reader.goto(`/wiki/${SLUG}`);
  await reader.getByRole("button", { name: "Watch", exact: true }).click();
  await expect(reader.getByRole("button", { name: "Watching" })).toBeVisible();
  await reader.reload();
  await expect(reader.getByRole("button", { name: "Watching" })).toBeVisible(); // the state comes back from /api/me

  const writer = await userPage(browser, "watch.writer@example.org", "Watch Writer");
  const summary = "Add a sentence the watcher should hear about";
  await writer.goto(`/wiki/${SLUG}/edit`);
  const body = writer.getByLabel("Article text (Markdown)");
  await body.fill(`A sentence for the watchlist journey. ${await body.inputValue()}`);
  await writer.getByLabel("Edit summary").fill(summary);
  await writer.getByLabel(/I publish my contribution/).check();
  await writer.getByRole("button", { name: "Submit for review" }).click();
  await expect(writer).toHaveURL(/\/me\/proposals\?submitted=\d+/);

  const admin = await userPage(browser, "admin@attune.test", "Site Admin");
  await admin.goto("/moderation");
  await admin.getByRole("row").filter({ hasText: summary }).getByRole("link", { name: "Review" }).click();
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByRole("status")).toContainText("Approved");

  // The sweep after the (test-short) batching window sends the change email.
  const text = await latestEmail(reader, "keen.watcher@example.org", /Jealousy was changed/i);
  expect(text).toContain(summary);
  const diff = new URL(firstLink(text, `/wiki/${SLUG}/history`));
  expect(diff.searchParams.get("from")).toMatch(/^\d+$/);
  expect(diff.searchParams.get("to")).toMatch(/^\d+$/);
  await reader.goto(diff.pathname + diff.search);
  await expect(reader.locator("ins").filter({ hasText: "A sentence for the watchlist journey." }).first()).toBeVisible();

  // The watchlist lists the change as new, with its summary and the same diff link.
  await reader.goto("/me/watchlist");
  const item = reader.locator(".watch-changes li").filter({ hasText: summary });
  await expect(item).toContainText("new");
  await expect(item.getByRole("link", { name: "see the change" })).toHaveAttribute("href", diff.pathname + diff.search);
  // The writer now watches the article they proposed an edit to.
  await writer.goto(`/wiki/${SLUG}`);
  await expect(writer.getByRole("button", { name: "Watching" })).toBeVisible();

  await Promise.all([reader.context().close(), writer.context().close(), admin.context().close()]);
});
