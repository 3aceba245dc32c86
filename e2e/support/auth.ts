import { expect, type Browser, type Page } from "@playwright/test";

/** The newest email to `to` whose subject matches, read from the outbox page (outbox mode); reloaded while a job has yet to send it. */
export async function latestEmail(page: Page, to: string, subject: RegExp): Promise<string> {
  const item = page
    .getByTestId("outbox-email")
    .filter({ has: page.getByTestId("outbox-to").getByText(to, { exact: true }) })
    .filter({ has: page.getByTestId("outbox-subject").getByText(subject) })
    .first();
  await expect(async () => {
    await page.goto("/dev/outbox");
    await expect(item).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  return (await item.getByTestId("outbox-text").textContent()) ?? "";
}

export function firstLink(text: string, path: string): string {
  const match = text.match(new RegExp(`https?://[^\\s]+${path.replace(/[/]/g, "\\/")}[^\\s]*`));
  if (!match) throw new Error(`No link to ${path} in:\n${text}`);
  return match[0];
}

/** Signs in through the emailed magic link and, on first sign-in, chooses a display name. */
export async function signIn(
  page: Page,
  email: string,
  displayName = email
    .split("@")[0]
    .replace(/[^a-z0-9]/gi, " ")
    .trim() || "Reader",
  callbackPath = "/",
) {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackPath)}`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("sign-in link is on its way");
  const text = await latestEmail(page, email, /Sign in to Attune/);
  const link = firstLink(text, "/signin/confirm");
  // Only the local part of the link matters: the outbox shows links built on SITE_URL.
  const url = new URL(link);
  await page.goto(url.pathname + url.search);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/signin") && !u.pathname.startsWith("/api/auth"));
  if (new URL(page.url()).pathname === "/welcome") {
    await page.getByLabel("Display name").fill(displayName);
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.waitForURL((u) => u.pathname !== "/welcome");
  }
}

/** A page in a browser context of its own, signed in as this person (close it with page.context().close()). */
export async function userPage(browser: Browser, email: string, displayName: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, displayName);
  return page;
}
