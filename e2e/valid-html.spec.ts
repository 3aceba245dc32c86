import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// Every public page type, as the server sends it, through the W3C's Nu Html Checker (the `vnu-jar` package, on Java).
const pages = [
  "/",
  "/wiki/anxious-avoidant-relationship",
  "/wiki/jealousy",
  "/wiki/attachment-styles", // inline citations, citation-needed marks, graded sources
  "/search?q=jealousy",
  "/browse/a",
  "/browse/q",
  "/category/Relationships",
  "/donate",
  "/newsletter",
  "/newsletter/archive",
  "/about",
  "/help",
  "/help/evidence",
  "/privacy",
  "/licence",
  "/wiki/no-such-page",
];

const vnuJar = String(createRequire(import.meta.url)("vnu-jar"));
const java = spawnSync("java", ["-version"], { encoding: "utf8" });
const javaMissing = java.error !== undefined || java.status !== 0;

type VnuMessage = { type: string; subType?: string; url?: string; message: string; extract?: string; lastLine?: number };

test("every public page type is valid HTML (W3C Nu Html Checker: zero errors)", async ({ request }) => {
  test.skip(
    javaMissing,
    "Java is not installed here, so the Nu Html Checker (vnu-jar) cannot run: install a JRE (e.g. apt-get install default-jre-headless) to check the HTML.",
  );
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), "attune-vnu-"));
  try {
    const files = new Map<string, string>();
    for (const [i, pagePath] of pages.entries()) {
      const response = await request.get(pagePath);
      expect([200, 404], `${pagePath} answers`).toContain(response.status());
      const file = path.join(dir, `page-${i}.html`);
      writeFileSync(file, await response.text());
      files.set(file, pagePath);
    }
    // A canary with a known error, checked alongside: proves the checker ran and reported, so zero errors means zero.
    const canary = path.join(dir, "canary.html");
    writeFileSync(canary, '<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body><form action=""></form></body></html>');
    files.set(canary, "canary");
    // One Java start for all pages: the checker takes a list of files.
    const run = spawnSync("java", ["-jar", vnuJar, "--format", "json", "--stdout", ...files.keys()], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(run.error, "the checker ran").toBeUndefined();
    const messages = (JSON.parse(run.stdout) as { messages: VnuMessage[] }).messages;
    // The checker names each file by a file: URL; the file's name is enough to tell which page it was.
    const pageOf = (url = "") => [...files].find(([file]) => url.endsWith(`/${path.basename(file)}`))?.[1] ?? url;
    const errors = messages
      .filter((m) => m.type === "error" || m.subType === "fatal")
      .map((m) => `${pageOf(m.url)} (line ${m.lastLine}): ${m.message}${m.extract ? `\n    ${m.extract.replace(/\n/g, " ")}` : ""}`);
    expect(
      errors.filter((e) => e.startsWith("canary ")),
      "the checker reports the canary's empty action",
    ).toEqual([expect.stringContaining("Bad value “” for attribute “action”")]);
    const real = errors.filter((e) => !e.startsWith("canary "));
    expect(real, `${real.length} HTML errors:\n${real.join("\n")}`).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
