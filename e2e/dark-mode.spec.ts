import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yIssues } from "./support/a11y";
import { userPage } from "./support/auth";
import { watchCspViolations } from "./support/csp";

// Issue 16 item 6: dark mode follows the system, a toggle pins it, and a stored choice shows with no light flash.

type ThemeWindow = Window & { __htmlBackgroundAtDomContentLoaded?: string; __themeAtDomContentLoaded?: string | null };

const LIGHT_PAPER = "rgb(251, 250, 247)"; // --paper, light
const DARK_PAPER = "rgb(21, 25, 30)"; // --paper, dark

/** Records <html>'s computed background (and data-theme) at DOMContentLoaded, before anything after the parser runs. */
async function recordBackgroundAtDomContentLoaded(page: Page) {
  await page.addInitScript(() => {
    document.addEventListener("DOMContentLoaded", () => {
      const w = window as ThemeWindow;
      w.__htmlBackgroundAtDomContentLoaded = getComputedStyle(document.documentElement).backgroundColor;
      w.__themeAtDomContentLoaded = document.documentElement.getAttribute("data-theme");
    });
  });
}

async function storeChoice(page: Page, choice: "light" | "dark") {
  await page.addInitScript((value) => {
    // Only on the first document of the test: a reload must keep what the toggle stored since.
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("attune-theme", value);
      sessionStorage.setItem("seeded", "1");
    }
  }, choice);
}

const htmlBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test("with the dark choice stored, <html> is already dark at DOMContentLoaded (no flash), with no CSP violation", async ({ page }) => {
  const csp = await watchCspViolations(page);
  await storeChoice(page, "dark");
  await recordBackgroundAtDomContentLoaded(page);
  for (const path of ["/wiki/anxious-avoidant-relationship", "/"]) {
    await page.goto(path);
    const seen = await page.evaluate(() => {
      const w = window as ThemeWindow;
      return { background: w.__htmlBackgroundAtDomContentLoaded, theme: w.__themeAtDomContentLoaded };
    });
    expect(seen).toEqual({ background: DARK_PAPER, theme: "dark" });
    await expect(page.getByLabel("Theme")).toHaveValue("dark");
    await csp.expectNone();
  }
});

test("the theme comes from a file script in <head>, not an inline one", async ({ request }) => {
  const html = await (await request.get("/wiki/jealousy")).text();
  const head = html.slice(0, html.indexOf("</head>"));
  expect(head).toMatch(/<script src="\/theme\.js"><\/script>/);
  // Parser-blocking (no async or defer) and in <head>: it runs before <body> is parsed, so before anything paints
  // (React puts the style sheets and Next's async scripts first, which changes nothing: a blocking script waits for them).
  expect(head).not.toMatch(/<script[^>]*src="\/theme\.js"[^>]*(async|defer)/);
  const script = await request.get("/theme.js");
  expect(script.status()).toBe(200);
  expect(script.headers()["content-type"]).toContain("javascript");
});

test("the toggle switches the theme and the choice survives a reload; System hands it back", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/wiki/jealousy");
  const toggle = page.getByLabel("Theme");
  await expect(toggle).toHaveValue("system");
  expect(await htmlBackground(page)).toBe(LIGHT_PAPER);

  await toggle.selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await htmlBackground(page)).toBe(DARK_PAPER);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.getByLabel("Theme")).toHaveValue("dark");
  expect(await htmlBackground(page)).toBe(DARK_PAPER);

  // Client-side navigation keeps it too (the layout, and <html>, stay).
  await page.getByRole("link", { name: "About" }).first().click();
  await expect(page).toHaveURL(/\/about$/);
  expect(await htmlBackground(page)).toBe(DARK_PAPER);

  await page.getByLabel("Theme").selectOption("light");
  await page.emulateMedia({ colorScheme: "dark" }); // a pinned light theme ignores the system
  expect(await htmlBackground(page)).toBe(LIGHT_PAPER);
  await page.reload();
  expect(await htmlBackground(page)).toBe(LIGHT_PAPER);

  await page.getByLabel("Theme").selectOption("system");
  await expect(page.locator("html")).not.toHaveAttribute("data-theme", /.+/);
  expect(await htmlBackground(page)).toBe(DARK_PAPER); // the system is dark now
  expect(await page.evaluate(() => localStorage.getItem("attune-theme"))).toBeNull();
});

test("System follows the reader's system setting, as it changes", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await recordBackgroundAtDomContentLoaded(page);
  await page.goto("/browse/a");
  expect(await page.evaluate(() => (window as ThemeWindow).__htmlBackgroundAtDomContentLoaded)).toBe(DARK_PAPER);
  await expect(page.getByLabel("Theme")).toHaveValue("system");
  await page.emulateMedia({ colorScheme: "light" });
  expect(await htmlBackground(page)).toBe(LIGHT_PAPER);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await htmlBackground(page)).toBe(DARK_PAPER);
});

test("figures follow the toggle: in dark mode they sit on their light mat", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" }); // the toggle, not the system, decides here
  await storeChoice(page, "dark");
  await page.goto("/wiki/anxious-avoidant-relationship");
  const figure = page.locator(".infobox__figure img");
  await expect(figure).toBeVisible();
  const style = await figure.evaluate((img) => ({ background: getComputedStyle(img).backgroundColor, filter: getComputedStyle(img).filter }));
  expect(style).toEqual({ background: "rgb(244, 241, 234)", filter: "brightness(0.92)" });
  await page.getByLabel("Theme").selectOption("light");
  expect(await figure.evaluate((img) => getComputedStyle(img).filter)).toBe("none");
});

test("a proposal's diff reads in dark mode: inserted and deleted text keep their own dark tints", async ({ page }) => {
  await storeChoice(page, "dark");
  await page.goto("/wiki/jealousy");
  // The diff styles are tokens: check them on a stand-in, so this needs no moderator session.
  const colours = await page.evaluate(() => {
    const box = document.createElement("div");
    box.className = "article-diff";
    box.innerHTML = "<ins>new</ins><del>old</del>";
    document.querySelector("main")?.append(box);
    const of = (sel: string) => {
      const s = getComputedStyle(box.querySelector(sel) as Element);
      return [s.color, s.backgroundColor];
    };
    return { ins: of("ins"), del: of("del") };
  });
  expect(colours).toEqual({ ins: ["rgb(181, 240, 195)", "rgb(23, 61, 34)"], del: ["rgb(255, 194, 184)", "rgb(74, 29, 25)"] });
});

test("the moderation queue and a proposal's review diff pass axe in dark mode", async ({ browser }) => {
  const writer = await userPage(browser, "dark.writer@example.org", "Dark Writer");
  await writer.goto("/wiki/negging/edit"); // the shortest seeded article: least work for the render budget on a busy machine
  const body = writer.getByLabel("Article text (Markdown)");
  const text = await body.inputValue();
  const paragraphs = text.split("\n\n");
  // The last paragraph gains a sentence: an inserted run on the review page.
  paragraphs[paragraphs.length - 1] += " Readers in dark mode should see this inserted sentence clearly.";
  await body.fill(paragraphs.join("\n\n"));
  await writer.getByLabel("Edit summary").fill("Dark mode review check");
  await writer.getByLabel(/I publish my contribution/).check();
  await writer.getByRole("button", { name: "Submit for review" }).click();
  await expect(writer).toHaveURL(/\/me\/proposals\?submitted=\d+/);

  const moderator = await userPage(browser, "admin@attune.test", "Site Admin");
  await moderator.evaluate(() => localStorage.setItem("attune-theme", "dark"));
  await moderator.goto("/moderation");
  await expect(moderator.locator("html")).toHaveAttribute("data-theme", "dark");
  await expectNoSeriousA11yIssues(moderator);
  await moderator.getByRole("row").filter({ hasText: "Dark mode review check" }).getByRole("link", { name: "Review" }).click();
  const inserted = moderator.getByTestId("structured-diff").locator("ins:not(.diff-raw ins)");
  await expect(inserted.first()).toBeVisible();
  expect(await inserted.first().evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgb(23, 61, 34)");
  await expectNoSeriousA11yIssues(moderator);
  await writer.context().close();
  await moderator.context().close();
});
