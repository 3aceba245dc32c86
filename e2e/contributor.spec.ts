import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";

test("a contributor signs in through the emailed link and chooses a display name", async ({ page }) => {
  await signIn(page, "first.timer@example.org", "First Timer", "/me");
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();
  await expect(page.getByText("Signed in as First Timer")).toBeVisible();
  // The header's account menu comes from /api/me after load.
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "First Timer" })).toBeVisible();
});
