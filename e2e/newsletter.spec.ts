import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yIssues } from "./support/a11y";
import { firstLink, signIn } from "./support/auth";

const stamp = Date.now();
const reader = `reader-${stamp}@example.org`;
const friend = `friend-${stamp}@example.org`;
const issueOne = `Bio lines that sound like you ${stamp}`;
const issueTwo = `Second helpings ${stamp}`;

/** Emails in the outbox to `to` whose subject contains `subject`, once at least `atLeast` of them exist. */
async function outboxEmails(page: Page, to: string, subject: string, atLeast = 1): Promise<string[]> {
  let texts: string[] = [];
  await expect
    .poll(
      async () => {
        await page.goto("/dev/outbox");
        const items = page
          .getByTestId("outbox-email")
          .filter({ has: page.getByTestId("outbox-to").getByText(to, { exact: true }) })
          .filter({ has: page.getByTestId("outbox-subject").getByText(subject) });
        texts = await items.getByTestId("outbox-text").allTextContents();
        return texts.length;
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(atLeast);
  return texts;
}

function pathOf(link: string): string {
  const url = new URL(link);
  return url.pathname + url.search;
}

async function signUp(page: Page, region: ReturnType<Page["getByRole"]>, email: string) {
  await region.getByLabel("Your e-mail address").fill(email);
  await region.getByRole("button", { name: "Subscribe" }).click();
  await expect(region.getByRole("status")).toContainText(
    `If ${email.trim().toLowerCase()} can receive email, a message with a link to confirm your subscription is on its way.`,
  );
}

async function confirmThroughOutbox(page: Page, email: string) {
  const [text] = await outboxEmails(page, email, "Confirm your subscription to Attune");
  await page.goto(pathOf(firstLink(text, "/newsletter/confirm")));
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your subscription" })).toBeVisible();
  await expectNoSeriousA11yIssues(page);
  await page.getByRole("button", { name: "Confirm my subscription" }).click();
  await expect(page.getByRole("status")).toContainText("You are subscribed.");
  // Done: the page says so, and no longer asks for the button.
  await expect(page.getByRole("heading", { level: 1, name: "Subscription confirmed" })).toBeVisible();
  await expect(page.getByText("Press the button")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Confirm my subscription" })).toHaveCount(0);
  await outboxEmails(page, email, "Welcome to the Attune newsletter");
}

async function composeAndSend(page: Page, subject: string, body: string): Promise<number> {
  await page.goto("/admin/newsletter");
  const confirmed = Number(await page.getByTestId("nl-confirmed-count").textContent());
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Text (Markdown)").fill(body);
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/admin\/newsletter\/\d+\?saved=1$/);
  await expect(page.getByText("Draft saved. The preview below shows it.")).toBeVisible();
  await expect(page.getByTestId("nl-preview-text")).toContainText("Unsubscribe (one click, or erase your address):");
  await expect(page.getByText("List-Unsubscribe-Post")).toBeVisible();

  await page.getByLabel(/I have checked the preview/).check();
  await page.getByRole("button", { name: `Send to ${confirmed} confirmed subscriber${confirmed === 1 ? "" : "s"}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Finished" })).toHaveText(`Finished: sent to ${confirmed} subscriber${confirmed === 1 ? "" : "s"}.`, {
    timeout: 30_000,
  });
  await expect(page.getByTestId("nl-left")).toHaveText("0");
  return confirmed;
}

test("sign up, confirm through the outbox, receive an issue, unsubscribe in one click, receive nothing more", async ({ page, request }) => {
  test.setTimeout(120_000);

  await test.step("sign up on /newsletter and from an article's footer; the answer never says whether an address is known", async () => {
    await page.goto("/newsletter");
    await expectNoSeriousA11yIssues(page);
    const box = page.getByRole("region", { name: "Sign up" });
    await expect(page.locator("footer .newsletter-signup")).toBeHidden(); // one signup form on this page, not two
    await box.getByRole("button", { name: "Subscribe" }).click();
    await expect(box.getByText("Enter your email address.")).toBeVisible();
    await signUp(page, box, `  ${reader.toUpperCase()} `);

    await page.goto("/wiki/ghosting");
    await signUp(page, page.locator("footer").getByRole("region", { name: "Newsletter" }), friend);
  });

  await test.step("confirm both through the emailed link: the page needs a button press", async () => {
    await confirmThroughOutbox(page, reader);
    await confirmThroughOutbox(page, friend);
    // Signing up again while confirmed gets the same answer and no new email.
    await page.goto("/newsletter");
    await signUp(page, page.getByRole("region", { name: "Sign up" }), reader);
    expect(await outboxEmails(page, reader, "Confirm your subscription to Attune")).toHaveLength(1);
  });

  await test.step("an admin composes, previews, tests and sends an issue", async () => {
    await signIn(page, "admin@attune.test", "Admin");
    await page.goto("/admin/newsletter");
    await expectNoSeriousA11yIssues(page);
    await page.getByLabel("Subject").fill(issueOne);
    await page
      .getByLabel("Text (Markdown)")
      .fill("## Show, don't tell\n\nOne concrete detail beats five adjectives. Read about [ghosting](/wiki/ghosting).\n\n<script>alert(1)</script>");
    await page.getByRole("button", { name: "Create draft" }).click();
    await expect(page).toHaveURL(/\/admin\/newsletter\/\d+\?saved=1$/);
    await expect(page.getByTestId("nl-preview-text")).toContainText("ghosting (http://localhost:");
    await page.getByRole("button", { name: "Save and send me a test" }).click();
    await expect(page.getByText("a test copy is on its way to admin@attune.test")).toBeVisible();
    await outboxEmails(page, "admin@attune.test", `[Test] ${issueOne}`);
  });

  await test.step("send it", async () => {
    await page.goto("/admin/newsletter");
    await page.getByRole("link", { name: issueOne }).click();
    const confirmed = Number((await page.getByRole("button", { name: /^Send to \d+ confirmed/ }).textContent())?.match(/\d+/)?.[0]);
    expect(confirmed).toBeGreaterThanOrEqual(2);
    await page.getByRole("button", { name: /^Send to/ }).click();
    await expect(page.getByText("Tick the box to confirm that you have checked the preview.")).toBeVisible();
    await expect(page.getByLabel(/I have checked the preview/)).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel(/I have checked the preview/).check();
    await page.getByRole("button", { name: /^Send to/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "Finished" })).toHaveText(`Finished: sent to ${confirmed} subscribers.`, { timeout: 30_000 });
    await expect(page.getByTestId("nl-sent")).toHaveText(String(confirmed));
  });

  let token = "";
  await test.step("the subscriber receives it with a personal unsubscribe link; the archive shows it", async () => {
    const [text] = await outboxEmails(page, reader, issueOne);
    expect(text).toContain("One concrete detail beats five adjectives.");
    // The outbox shows the headers a mail client reads for its unsubscribe button.
    const headers = page
      .getByTestId("outbox-email")
      .filter({ has: page.getByTestId("outbox-to").getByText(reader, { exact: true }) })
      .filter({ has: page.getByTestId("outbox-subject").getByText(issueOne) })
      .getByTestId("outbox-headers");
    await expect(headers).toContainText("List-Unsubscribe-Post");
    await expect(headers).toContainText("List-Unsubscribe=One-Click");
    expect(text).not.toContain("<script>");
    token = new URL(firstLink(text, "/newsletter/unsubscribe")).searchParams.get("token") ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await page.goto("/newsletter/archive");
    await page.getByRole("link", { name: issueOne }).click();
    await expect(page.getByRole("heading", { level: 1, name: issueOne })).toBeVisible();
    await expect(page.locator("script", { hasText: "alert(1)" })).toHaveCount(0);
  });

  await test.step("opening the unsubscribe link changes nothing; a one-click POST unsubscribes at once", async () => {
    const scanned = await request.get(`/api/newsletter/unsubscribe?token=${token}`, { maxRedirects: 0 });
    expect(scanned.status()).toBe(303);
    await page.goto(`/newsletter/unsubscribe?token=${token}`);
    await expect(page.getByRole("button", { name: "Unsubscribe" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Erase my address" })).toBeVisible();
    await expectNoSeriousA11yIssues(page);

    const oneClick = await request.post(`/api/newsletter/unsubscribe?token=${token}`, { form: { "List-Unsubscribe": "One-Click" } });
    expect(oneClick.status()).toBe(200);
  });

  await test.step("the next issue goes to the others, and nothing more to that address", async () => {
    const confirmed = await composeAndSend(page, issueTwo, "A short second issue.");
    expect(confirmed).toBeGreaterThanOrEqual(1);
    await outboxEmails(page, friend, issueTwo);
    await page.goto("/dev/outbox");
    const toReader = page.getByTestId("outbox-email").filter({ has: page.getByTestId("outbox-to").getByText(reader, { exact: true }) });
    await expect(toReader.filter({ has: page.getByTestId("outbox-subject").getByText(issueOne) })).toHaveCount(1);
    await expect(toReader.filter({ has: page.getByTestId("outbox-subject").getByText(issueTwo) })).toHaveCount(0);
  });

  await test.step("the page's own button erases the address", async () => {
    await page.goto(`/newsletter/unsubscribe?token=${token}`);
    await page.getByRole("button", { name: "Erase my address" }).click();
    await expect(page.getByRole("status")).toContainText("Your address has been erased from our list.");
  });
});
