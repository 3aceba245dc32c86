import { expect, test } from "@playwright/test";
import { userPage } from "./support/auth";

test("an article shows every part of the format", async ({ page }) => {
  await page.goto("/wiki/anxious-avoidant-relationship");
  await expect(page.getByRole("heading", { level: 1, name: "Anxious-Avoidant Relationship" })).toBeVisible();
  await expect(page.locator(".infobox figure img")).toHaveAttribute("alt", /.+/);
  await expect(page.locator(".infobox figcaption")).toContainText("Figure 1.");
  await expect(page.locator(".infobox dt")).toHaveCount(await page.locator(".infobox dd").count());
  await expect(page.getByRole("heading", { name: "Other names" })).toBeVisible();
  await expect(page.locator(".aliases")).toContainText("push-pull dynamic");
  const toc = page.getByRole("navigation", { name: "In this article" });
  await expect(toc.getByRole("link", { name: "FAQs" })).toBeVisible();
  await expect(toc.getByRole("link", { name: "Sources" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Media depictions" })).toBeVisible();
  await expect(page.locator(".sources li").first()).toBeVisible();
  await expect(page.locator(".faqs summary").first()).toContainText("?");
  await expect(page.locator(".article-body h2 .heading-anchor").first()).toHaveAttribute("href", /^#/);
  await expect(page.getByRole("region", { name: "Related articles" }).getByRole("link")).not.toHaveCount(0);
  await expect(page.getByRole("region", { name: "Latest articles" }).getByRole("link")).not.toHaveCount(0);
});

test("JSON-LD describes the article, its FAQs and breadcrumbs", async ({ page }) => {
  await page.goto("/wiki/limerence");
  const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "[]") as { "@type": string }[];
  expect(data.map((d) => d["@type"])).toEqual(expect.arrayContaining(["Article", "FAQPage", "BreadcrumbList"]));
});

test("share links and citations carry the canonical URL and a permanent revision link", async ({ page }) => {
  await page.goto("/wiki/ghosting");
  const canonical = await page.locator('link[rel="canonical"]').getAttribute("href");
  expect(canonical).toMatch(/^http:\/\/localhost:\d+\/wiki\/ghosting$/);
  const share = page.getByRole("region", { name: "Share this article" });
  await expect(share.getByRole("link", { name: "X" })).toHaveAttribute("href", new RegExp(encodeURIComponent(canonical!)));
  await expect(share.getByRole("link", { name: "LinkedIn" })).toHaveAttribute("href", new RegExp(encodeURIComponent(canonical!)));
  const cite = page.getByRole("region", { name: "Cite this article" });
  await expect(cite.locator("pre").nth(0)).toContainText(/\/wiki\/ghosting\/revisions\/\d+/);
  await expect(cite.locator("pre").nth(2)).toContainText("@misc{");
  const revisionLink = await cite.getByRole("link", { name: "the revision you are reading" }).getAttribute("href");
  await page.goto(revisionLink!);
  await expect(page.getByRole("heading", { level: 1, name: "Ghosting" })).toBeVisible();
});

test("articles about abusive dynamics carry a calm support notice", async ({ page }) => {
  await page.goto("/wiki/coercive-control");
  const note = page.getByRole("note").filter({ hasText: "not therapy" });
  await expect(note).toBeVisible();
  await note.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/support/i);
  await page.goto("/wiki/compersion");
  await expect(page.getByRole("note").filter({ hasText: "not therapy" })).toHaveCount(0);
});

test("each article has its own Open Graph image", async ({ page, request }) => {
  await page.goto("/wiki/jealousy");
  const image = await page.locator('meta[property="og:image"]').getAttribute("content");
  expect(image).toContain("/wiki/jealousy/opengraph-image");
  const response = await request.get(new URL(image!).pathname);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/png");
});

test("category pages list their articles", async ({ page }) => {
  await page.goto("/wiki/jealousy");
  await page.locator(".infobox dd a").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Category: /);
  await expect(page.getByRole("link", { name: "Jealousy", exact: true })).toBeVisible();
});

test("static pages are reachable from the footer", async ({ page }) => {
  await page.goto("/");
  // Wait for each page's own URL and exact heading before the next click: the home page's
  // "Attune" heading must not count as the About page, or the next click races a navigation.
  for (const [name, path, heading] of [
    ["About", "/about", "About Attune"],
    ["Privacy", "/privacy", "Privacy"],
    ["Licence", "/licence", "Licence"],
  ] as const) {
    await page.getByRole("contentinfo").getByRole("link", { name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  }
});

// Issue #15, item 5: other names by kind. A contributor types names per kind in the editor, a moderator approves, and
// readers see them grouped (confused names last, never as a synonym), in the type-ahead with their kind, and not as
// an address: /wiki/benching stays Benching's own page.
test("typed other names: edited per kind, grouped on the page, their kind in the type-ahead", async ({ browser }) => {
  const writer = await userPage(browser, "namer@example.org", "Name Giver");
  await writer.goto("/wiki/breadcrumbing/edit");
  const names = writer.getByRole("group", { name: "Other names" });
  // Whatever kinds the seed gives, start from empty lines: a name may appear once only.
  for (const line of await names.getByRole("textbox").all()) await line.fill("");
  await names.getByLabel("Other names (no particular kind)").fill("leading someone on, stringing along");
  await names.getByLabel("Popular terms").fill("crumb trail, breadcrumbs");
  await names.getByLabel("Slang", { exact: true }).fill("keeping someone on the hook");
  await names.getByLabel("Often confused with").fill("benching");
  await writer.getByLabel("Edit summary").fill("Give the other names their kinds");
  await writer.getByLabel(/I publish my contribution/).check();
  await writer.getByRole("button", { name: "Submit for review" }).click();
  await expect(writer).toHaveURL(/\/me\/proposals\?submitted=\d+/);

  const admin = await userPage(browser, "admin@attune.test", "Site Admin");
  await admin.goto("/moderation");
  await admin.getByRole("row").filter({ hasText: "Give the other names their kinds" }).getByRole("link", { name: "Review" }).click();
  await expect(admin.getByTestId("structured-diff")).toContainText("crumb trail (popular term)");
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByRole("status")).toContainText("Approved");

  const page = await browser.newPage();
  await page.goto("/wiki/breadcrumbing");
  const section = page.getByRole("region", { name: "Other names" });
  const groups = section.locator("p");
  await expect(groups.first()).toHaveText("leading someone on, stringing along");
  await expect(section.locator("[data-term-type=popular]")).toHaveText(/^Popular terms\s+crumb trail, breadcrumbs$/);
  await expect(section.locator("[data-term-type=slang]")).toHaveText(/^Slang\s+keeping someone on the hook$/);
  await expect(groups.last()).toHaveAttribute("data-term-type", "confused");
  await expect(groups.last()).toContainText("Often confused with benching");
  await expect(groups.last()).toContainText("a different thing");
  const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "[]") as { "@type": string; alternateName?: string[] }[];
  const alternate = data.find((d) => d["@type"] === "Article")?.alternateName ?? [];
  expect(alternate).toEqual(expect.arrayContaining(["crumb trail", "keeping someone on the hook", "leading someone on"]));
  expect(alternate).not.toContain("benching");

  const box = page.getByRole("combobox", { name: "Search Attune" });
  await box.focus();
  await page.keyboard.type("crumb tr");
  await expect(page.getByRole("listbox", { name: "Suggestions" }).getByRole("option").first()).toHaveText("Breadcrumbing — popular term: crumb trail");

  // The confused name is no address of the article: /wiki/benching is still Benching.
  await page.goto("/wiki/benching");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Benching");
  await Promise.all([writer.context().close(), admin.context().close(), page.close()]);
});
