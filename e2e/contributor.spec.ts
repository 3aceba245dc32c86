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

test("the account menu follows the session on public pages, where anonymous readers skip the proxy", async ({ page, context }) => {
  await signIn(page, "menu.reader@example.org", "Menu Reader", "/me");
  const hint = async () => (await context.cookies()).find((c) => c.name === "attune-signed-in");
  const menu = page.getByRole("navigation", { name: "Account" });

  // The hint was lost while the session lives: the next public page sets it again.
  await context.clearCookies({ name: "attune-signed-in" });
  await page.goto("/wiki/jealousy");
  expect(await hint()).toBeDefined();
  await expect(menu.getByRole("link", { name: "Menu Reader" })).toBeVisible();

  // The session is gone (expired, or ended elsewhere) but the hint stayed: the next public page drops it.
  await context.clearCookies({ name: /authjs\.session-token$/ });
  await page.goto("/browse/a");
  expect(await hint()).toBeUndefined();
  await expect(menu.getByRole("link", { name: "Sign in" })).toBeVisible();
});
