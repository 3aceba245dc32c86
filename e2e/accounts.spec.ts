import { expect, test } from "@playwright/test";
import { signIn, userPage } from "./support/auth";

test("private pages send anonymous visitors to sign in, and refuse the wrong role", async ({ page, request }) => {
  for (const path of ["/moderation", "/admin/users", "/me/proposals", "/contribute/new", "/wiki/jealousy/edit"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  }
  const me = await request.get("/api/me");
  expect(await me.json()).toEqual({ signedIn: false });
  expect(me.headers()["cache-control"]).toContain("no-store");

  await signIn(page, "plain.contributor@example.org", "Plain Contributor");
  await page.goto("/moderation");
  await expect(page.getByText("Only moderators can review proposals.")).toBeVisible();
  await page.goto("/admin/users");
  await expect(page.getByText("Only admins can manage roles.")).toBeVisible();
  const csv = await page.request.get("/admin/donations/export.csv");
  expect(csv.status()).toBeGreaterThanOrEqual(400);
});

test("an admin makes someone a moderator; a deleted account's proposals stay as by a former contributor", async ({ browser }) => {
  const leaver = await userPage(browser, "leaving.soon@example.org", "Leaving Soon");
  await leaver.goto("/wiki/ghosting/edit");
  const body = leaver.getByLabel("Article text (Markdown)");
  await body.fill(`A parting sentence. ${await body.inputValue()}`);
  await leaver.getByLabel("Edit summary").fill("Parting contribution");
  await leaver.getByLabel(/I publish my contribution/).check();
  await leaver.getByRole("button", { name: "Submit for review" }).click();
  await expect(leaver).toHaveURL(/\/me\/proposals\?submitted=/);
  await leaver.goto("/me");
  await leaver.getByLabel(/Type “delete”/).fill("delete");
  await leaver.getByRole("button", { name: "Delete my account" }).click();
  await expect(leaver).toHaveURL(/\/\?account=deleted$/);
  await leaver.context().close();

  const moderator = await userPage(browser, "new.moderator@example.org", "New Moderator");

  const admin = await userPage(browser, "admin@attune.test", "Site Admin");
  await admin.goto("/admin/users");
  await admin.getByLabel("Role of New Moderator").selectOption("moderator");
  await admin.getByRole("row").filter({ hasText: "New Moderator" }).getByRole("button", { name: "Save" }).click();
  await expect(admin.getByRole("status")).toContainText("Role saved");

  await moderator.goto("/moderation");
  const row = moderator.getByRole("row").filter({ hasText: "Parting contribution" });
  await expect(row).toContainText("former contributor");
  await expect(moderator.getByText(/leaving\.soon@example\.org/)).toHaveCount(0);
  await moderator.context().close();
  await admin.context().close();
});
