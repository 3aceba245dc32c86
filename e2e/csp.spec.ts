import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";
import { watchCspViolations } from "./support/csp";

const publicPages = [
  "/",
  "/wiki/anxious-avoidant-relationship",
  "/search?q=jealousy",
  "/browse/a",
  "/category/Relationships",
  "/donate",
  "/newsletter",
  "/about",
  "/signin",
  "/wiki/no-such-article-here",
  "/newsletter/archive",
];

for (const path of publicPages) {
  test(`no Content-Security-Policy violations on ${path}`, async ({ page }) => {
    const csp = await watchCspViolations(page);
    await page.goto(path);
    await csp.expectNone();
  });
}

test("no Content-Security-Policy violations on /me and in the editor, signed in", async ({ page }) => {
  const csp = await watchCspViolations(page);
  await signIn(page, "csp.reader@example.org", "CSP Reader", "/me");
  await page.goto("/me");
  await expect(page.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();
  await csp.expectNone();
  await page.goto("/wiki/ghosting/edit");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await csp.expectNone();
});

test("the watcher does see a violation: an image from a host not on IMAGE_HOSTS", async ({ page }) => {
  const csp = await watchCspViolations(page);
  await page.goto("/about");
  await page.evaluate(() => {
    const img = document.createElement("img");
    img.src = "https://images.not-allowed.example/x.png";
    document.body.append(img);
  });
  let seen: string[] = [];
  await expect.poll(async () => (seen = [...seen, ...(await csp.take())]).join("\n")).toContain("img-src blocked https://images.not-allowed.example/x.png");
  await expect.poll(async () => (seen = [...seen, ...(await csp.take())]).join("\n")).toContain("Content Security Policy");
});

test("the Content-Security-Policy header is on a page and on its cached copy", async ({ request }) => {
  const first = await request.get("/wiki/jealousy");
  const second = await request.get("/wiki/jealousy");
  for (const response of [first, second]) {
    expect(response.status()).toBe(200);
    expect(response.headers()["content-security-policy"]).toContain("default-src 'self'");
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  }
  expect(second.headers()["x-nextjs-cache"]).toBe("HIT");
  expect(second.headers()["content-security-policy"]).toBe(first.headers()["content-security-policy"]);
});

test("without JavaScript the donation form still posts on to Checkout (form-action allows it), with no violation", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && violations.push(m.text()));
  await page.goto("/donate");
  await page
    .getByRole("button", { name: /^(Give|Continue to payment)/ })
    .first()
    .click();
  await page.waitForURL(/\/checkout\/cs_test_/);
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  expect(violations).toEqual([]);
  await context.close();
});
