// Donor journey (DESIGN §1.5) against the local fake Stripe that scripts/e2e-server.mjs starts.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { latestEmail, signIn } from "./support/auth";

const unique = (name: string) => `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;

type Delivery = { eventId: string; type: string; status: number };

async function fakeState(request: APIRequestContext, fakeOrigin: string) {
  return (await (await request.get(`${fakeOrigin}/_test/state`)).json()) as {
    sessions: { id: string; subscription: string | null }[];
    deliveries: Delivery[];
  };
}

async function receiptsTo(page: Page, email: string) {
  await page.goto("/dev/outbox");
  return page.getByTestId("outbox-email").filter({ has: page.getByTestId("outbox-to").getByText(email, { exact: true }) });
}

async function donationRowFor(page: Page, email: string) {
  await page.goto("/admin/donations");
  return page.getByTestId("donation-row").filter({ hasText: email });
}

test("a one-time gift from an article: fake checkout → thanks page confirms after the signed webhook → recorded once, one receipt", async ({
  page,
  request,
}) => {
  const email = unique("giver");
  await page.goto("/wiki/jealousy");
  const box = page.getByRole("region", { name: "Make a Contribution" });
  await expect(box.getByRole("radio", { name: "$25" })).toBeChecked(); // the middle preset
  await expect(box.getByRole("radio", { name: "Once" })).toBeChecked();

  // The server checks the amount; the error says what is allowed and the typed text stays.
  await box.getByLabel("Other amount (USD)").fill("12.345");
  await box.getByRole("button", { name: "Continue to payment" }).click();
  await expect(box.getByRole("alert")).toHaveText("Use at most two decimal places, such as 12.50. Enter an amount between $1 and $10,000.");
  await expect(box.getByLabel("Other amount (USD)")).toHaveValue("12.345");

  await box.getByLabel("Other amount (USD)").fill("30");
  await expect(box.getByRole("radio", { name: "Other" })).toBeChecked();
  await box.getByRole("button", { name: "Give $30" }).click();

  await page.waitForURL(/\/checkout\/cs_test_/);
  const fakeOrigin = new URL(page.url()).origin;
  await expect(page.getByTestId("checkout-amount")).toHaveText("30.00 USD");
  // Hold the webhook so that the thanks page is seen before Stripe has told the app anything.
  await request.post(`${fakeOrigin}/_test/hold`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Pay" }).click();

  await page.waitForURL(/\/donate\/thanks\?session_id=cs_test_/);
  const confirmation = page.getByRole("status");
  await expect(confirmation).toContainText("Confirming your donation…");
  await page.waitForTimeout(1500);
  await expect(confirmation).toContainText("Confirming your donation…"); // the redirect alone fulfils nothing

  const released = (await (await request.post(`${fakeOrigin}/_test/release`)).json()) as Delivery[];
  expect(released.map((d) => [d.type, d.status])).toEqual([["checkout.session.completed", 200]]);
  await expect(confirmation).toContainText("We received your gift of $30.");

  // Stripe may deliver again: every replay is acknowledged and changes nothing.
  const replayed = (await (await request.post(`${fakeOrigin}/_test/replay`)).json()) as Delivery[];
  expect(replayed.length).toBeGreaterThan(0);
  expect(replayed.every((d) => d.status === 200)).toBe(true);

  const receipt = await latestEmail(page, email, /receipt for \$30/);
  expect(receipt).toContain("Thank you for your gift of $30.");
  await expect(await receiptsTo(page, email)).toHaveCount(1);

  await signIn(page, "admin@attune.test", "Admin");
  const row = await donationRowFor(page, email);
  await expect(row).toHaveCount(1);
  const cells = row.getByRole("cell");
  await expect(cells.nth(1)).toHaveText("$30 once");
  await expect(cells.nth(2)).toHaveText("paid");
  await expect(cells.nth(3)).toHaveText(email);
  await expect(cells.nth(4)).toHaveText("1"); // payments
  await expect(cells.nth(5)).toHaveText("$30");
});

test("a monthly gift in euros: first month counted once, a renewal counted, then stopped from the receipt link", async ({ page, request }) => {
  const email = unique("monthly");
  await page.goto("/donate");
  await expect(page.getByRole("heading", { level: 1, name: "Make a Contribution" })).toBeVisible();
  await page.getByLabel("Currency").selectOption("eur");
  await page.getByRole("radio", { name: "€10" }).check();
  await page.getByRole("radio", { name: "Monthly" }).check();
  await page.getByRole("button", { name: "Give €10 a month" }).click();

  await page.waitForURL(/\/checkout\/cs_test_/);
  const fakeOrigin = new URL(page.url()).origin;
  await expect(page.getByTestId("checkout-amount")).toHaveText("10.00 EUR");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Pay" }).click();
  await page.waitForURL(/\/donate\/thanks\?session_id=cs_test_/);
  await expect(page.getByRole("status")).toContainText("Your monthly gift of €10 is set up.");

  const sessionId = new URL(page.url()).searchParams.get("session_id")!;
  const state = await fakeState(request, fakeOrigin);
  const subscriptionId = state.sessions.find((s) => s.id === sessionId)!.subscription!;
  expect(state.deliveries.slice(-2).map((d) => [d.type, d.status])).toEqual([
    ["checkout.session.completed", 200],
    ["invoice.paid", 200],
  ]);

  // Both events of the first month, one payment and one receipt.
  const receipt = await latestEmail(page, email, /Your monthly gift to Attune: receipt for €10/);
  await expect(await receiptsTo(page, email)).toHaveCount(1);

  // Next month.
  expect((await (await request.post(`${fakeOrigin}/_test/renew/${subscriptionId}`)).json()).status).toBe(200);
  // The renewal's receipt is a job: reload the outbox until a worker has sent it.
  await expect(async () => expect(await receiptsTo(page, email)).toHaveCount(2, { timeout: 1000 })).toPass({ timeout: 20_000 });
  expect(await latestEmail(page, email, /receipt for €10/)).toContain("Thank you for giving again this month.");

  await signIn(page, "admin@attune.test", "Admin");
  let row = await donationRowFor(page, email);
  await expect(row.getByRole("cell").nth(2)).toHaveText("active");
  await expect(row.getByRole("cell").nth(4)).toHaveText("2");
  await expect(row.getByRole("cell").nth(5)).toHaveText("€20");

  // The receipt's link lets the donor stop, with no account.
  const manage = new URL(receipt.match(/https?:\/\/\S+\/donate\/manage\/\S+/)![0]);
  await page.goto(manage.pathname);
  await expect(page.getByText("You give €10 a month to Attune.")).toBeVisible();
  await page.getByRole("button", { name: "Stop my monthly gift" }).click();
  await expect(page.getByRole("status")).toHaveText(/Your monthly gift of €10 has been stopped/);
  await expect
    .poll(async () => (await fakeState(request, fakeOrigin)).deliveries.filter((d) => d.type === "customer.subscription.deleted").at(-1)?.status)
    .toBe(200);

  row = await donationRowFor(page, email);
  await expect(row.getByRole("cell").nth(2)).toHaveText("canceled");
  await expect(row.getByRole("cell").nth(4)).toHaveText("2");

  // A forged link is refused.
  await page.goto(`${manage.pathname.slice(0, -1)}${manage.pathname.endsWith("A") ? "B" : "A"}`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This link is not valid.");
});

test("leaving the checkout page comes back with nothing charged", async ({ page }) => {
  await page.goto("/donate");
  await page.getByRole("button", { name: "Give $25" }).click();
  await page.waitForURL(/\/checkout\/cs_test_/);
  await page.getByRole("link", { name: "Cancel and go back" }).click();
  await expect(page).toHaveURL(/\/donate\?canceled=1$/);
  await expect(page.getByRole("status")).toContainText("nothing was charged");
});

test("the donation overview and its CSV are for administrators only", async ({ page }) => {
  await signIn(page, unique("reader"), "Curious Reader", "/");
  await page.goto("/admin/donations");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Only administrators can see donations.");
  expect((await page.request.get("/admin/donations/export.csv")).status()).toBe(403);

  await page.context().clearCookies();
  expect((await page.request.get("/admin/donations/export.csv", { maxRedirects: 0 })).status()).toBeGreaterThanOrEqual(300);

  await signIn(page, "admin@attune.test", "Admin");
  await page.goto("/admin/donations");
  await expect(page.getByRole("heading", { level: 2, name: "Totals by month" })).toBeVisible();
  const csv = await page.request.get("/admin/donations/export.csv");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).split("\r\n")[0]).toBe(
    "id,created_at,interval,status,currency,amount_minor,payments,received_minor,refunded_minor,email,checkout_session_id,subscription_id",
  );
});

for (const path of ["/donate", "/wiki/jealousy"]) {
  test(`the donation form has no serious accessibility problems on ${path}`, async ({ page }) => {
    await page.goto(path);
    const results = await new AxeBuilder({ page })
      .include(path === "/donate" ? "main" : ".donation-box")
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });
}
