import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { normaliseEmail } from "@/lib/newsletter/address";
import { chunk, effectiveBatchSize, idempotencyKeyFor } from "@/lib/newsletter/chunks";
import { issueSlug } from "@/lib/newsletter/issues";
import { confirmUrl, listUnsubscribeHeaders, oneClickUnsubscribeUrl, unsubscribePageUrl } from "@/lib/newsletter/links";
import { issueEmail, markdownToText, renderIssue } from "@/lib/newsletter/render";
import { SEED_ISSUE_MARKDOWN } from "@/lib/newsletter/seed";
import { CONFIRM_TOKEN_TTL_MS, hashToken, isWellFormedToken, newRandomToken, unsubscribeTokenFor } from "@/lib/newsletter/tokens";
import { AppError } from "@/lib/errors";
import { verifyResendWebhook } from "@/lib/newsletter/webhook";
import { readSeedArticles } from "@/lib/seed";
import { newWebhookSecret, signWebhook } from "../support/fake-resend";

const KEYS = ["SITE_URL", "AUTH_SECRET", "NODE_ENV", "NEXT_PHASE", "EMAIL_TRANSPORT"] as const;
const saved: Record<string, string | undefined> = {};
function setEnv(values: Partial<Record<(typeof KEYS)[number], string | undefined>>) {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

beforeAll(() => {
  for (const k of KEYS) saved[k] = process.env[k];
  setEnv({ SITE_URL: "https://attune.example", AUTH_SECRET: "unit-test-secret" });
});
afterAll(() => {
  setEnv(saved);
});

describe("tokens", () => {
  it("are 32 random bytes in base64url, different every time", () => {
    const a = newRandomToken();
    const b = newRandomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, "base64url")).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isWellFormedToken(a)).toBe(true);
  });

  it("are stored as SHA-256 hashes that do not contain the token", () => {
    const token = newRandomToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token);
    expect(hashToken(newRandomToken())).not.toBe(hash);
  });

  it("rejects anything that is not one of our tokens before any lookup", () => {
    for (const bad of ["", "abc", "x".repeat(44), `${"a".repeat(42)}=`, `${"a".repeat(42)}/`, null, undefined, 42]) expect(isWellFormedToken(bad)).toBe(false);
  });

  it("confirmation links expire after 48 hours", () => {
    expect(CONFIRM_TOKEN_TTL_MS).toBe(48 * 3600 * 1000);
  });

  it("derives the same unsubscribe token for an address every time, different per address and per secret", () => {
    const a = unsubscribeTokenFor("reader@example.org");
    expect(isWellFormedToken(a)).toBe(true);
    expect(unsubscribeTokenFor("reader@example.org")).toBe(a);
    expect(unsubscribeTokenFor("other@example.org")).not.toBe(a);
    setEnv({ AUTH_SECRET: "another-secret" });
    expect(unsubscribeTokenFor("reader@example.org")).not.toBe(a);
    setEnv({ AUTH_SECRET: "unit-test-secret" });
  });

  it("refuses to derive unsubscribe tokens in production without AUTH_SECRET", () => {
    // A production start may not use the outbox on a public SITE_URL, so this one has email switched off.
    setEnv({ NODE_ENV: "production", AUTH_SECRET: undefined, EMAIL_TRANSPORT: "disabled" });
    try {
      expect(() => unsubscribeTokenFor("reader@example.org")).toThrow(/AUTH_SECRET/);
    } finally {
      setEnv({ NODE_ENV: saved.NODE_ENV, AUTH_SECRET: "unit-test-secret", EMAIL_TRANSPORT: saved.EMAIL_TRANSPORT });
    }
  });
});

describe("addresses", () => {
  it("are trimmed and lower-cased", () => {
    expect(normaliseEmail("  Reader.Name+News@Example.ORG ")).toBe("reader.name+news@example.org");
  });

  it("must be real-looking addresses of sensible length", () => {
    for (const bad of ["", "   ", "reader", "reader@", "@example.org", "a b@example.org", `${"a".repeat(250)}@example.org`])
      expect(normaliseEmail(bad)).toBeNull();
  });
});

describe("links and headers", () => {
  const token = "A".repeat(43);

  it("are absolute and built from SITE_URL", () => {
    expect(confirmUrl(token)).toBe(`https://attune.example/newsletter/confirm?token=${token}`);
    expect(unsubscribePageUrl(token)).toBe(`https://attune.example/newsletter/unsubscribe?token=${token}`);
    expect(oneClickUnsubscribeUrl(token)).toBe(`https://attune.example/api/newsletter/unsubscribe?token=${token}`);
  });

  it("carry RFC 8058 one-click unsubscribe headers pointing at the POST endpoint", () => {
    expect(listUnsubscribeHeaders(token)).toEqual({
      "List-Unsubscribe": `<https://attune.example/api/newsletter/unsubscribe?token=${token}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });

  it("follow SITE_URL when it changes, never anything else", () => {
    setEnv({ SITE_URL: "https://news.attune.example/" });
    expect(listUnsubscribeHeaders(token)["List-Unsubscribe"]).toBe(`<https://news.attune.example/api/newsletter/unsubscribe?token=${token}>`);
    setEnv({ SITE_URL: "https://attune.example" });
  });
});

describe("chunking", () => {
  it("splits into chunks of the given size, the last one shorter", () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    const chunks = chunk(items, 100);
    expect(chunks.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(chunks.flat()).toEqual(items);
    expect(chunk([], 100)).toEqual([]);
    expect(() => chunk(items, 0)).toThrow();
  });

  it("never exceeds Resend's limit of 100 per batch call", () => {
    expect(effectiveBatchSize(100)).toBe(100);
    expect(effectiveBatchSize(500)).toBe(100);
    expect(effectiveBatchSize(25)).toBe(25);
    expect(effectiveBatchSize(0)).toBe(1);
  });

  it("derives one idempotency key per (issue, set of deliveries), whatever their order", () => {
    const key = idempotencyKeyFor(7, [3, 1, 2]);
    expect(key).toBe(idempotencyKeyFor(7, [1, 2, 3]));
    expect(key).not.toBe(idempotencyKeyFor(8, [1, 2, 3]));
    expect(key).not.toBe(idempotencyKeyFor(7, [1, 2, 4]));
    expect(key.startsWith("newsletter-7/")).toBe(true);
    expect(
      idempotencyKeyFor(
        7,
        Array.from({ length: 100 }, (_, i) => 1_000_000 + i),
      ).length,
    ).toBeLessThanOrEqual(256);
  });
});

describe("issue emails", () => {
  const markdown = [
    "Intro with a [link to ghosting](/wiki/ghosting) and [an outside one](https://example.org/a).",
    "",
    "## Tips",
    "",
    "- Be *specific*",
    "- Be **kind**",
    "",
    "1. First",
    "2. Second",
    "",
    "<script>alert('x')</script>",
    "",
    "<img src=x onerror=alert(1)>",
    "",
    "[bad](javascript:alert(1))",
  ].join("\n");

  it("renders plain text with absolute links and list markers, and no raw HTML", () => {
    const text = markdownToText(markdown);
    expect(text).toContain("link to ghosting (https://attune.example/wiki/ghosting)");
    expect(text).toContain("an outside one (https://example.org/a)");
    expect(text).toContain("Tips\n----");
    expect(text).toContain("- Be specific\n- Be kind");
    expect(text).toContain("1. First\n2. Second");
    expect(text).not.toMatch(/<script|<img|onerror|javascript:/);
  });

  it("writes every kind of block as plain text, with no Markdown escapes and no gap where raw HTML was", () => {
    const text = markdownToText(
      [
        "# Big news",
        "",
        "### A smaller heading",
        "",
        "> Quoted *words*",
        ">",
        "> and a second paragraph",
        "",
        "- Outer",
        "  - Inner with `code`",
        "",
        "```",
        "let x = 1;",
        "```",
        "",
        "---",
        "",
        "| Term | Meaning |",
        "| - | - |",
        "| Ghosting | Silence |",
        "",
        "<div>raw</div>",
        "",
        "![A photo](/photo.jpg) ![](/no-words.jpg)",
        "",
        "![](/alone.jpg)",
        "",
        "Stars * and 1. and a_b and [brackets] and #hash stay as typed, line  ",
        "broken.",
      ].join("\n"),
    );
    expect(text).toBe(
      [
        "Big news",
        "--------",
        "",
        "A smaller heading",
        "",
        "> Quoted words",
        ">",
        "> and a second paragraph",
        "",
        "- Outer",
        "  - Inner with code",
        "",
        "    let x = 1;",
        "",
        "* * *",
        "",
        "Term | Meaning",
        "Ghosting | Silence",
        "",
        "[A photo] (https://attune.example/photo.jpg) ",
        "",
        "Stars * and 1. and a_b and [brackets] and #hash stay as typed, line",
        "broken.",
      ].join("\n"),
    );
  });

  it("writes plain text in linear time from long runs of whitespace (where a backtracking trim takes seconds)", () => {
    for (const markdown of [`a${" ".repeat(99_000)}b`, `a${" \t".repeat(30_000)}\nb`]) {
      const started = performance.now();
      expect(markdownToText(markdown)).toMatch(/^a[^]*b$/);
      // Parsing and writing are a few tens of milliseconds here.
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });

  it("renders sanitised HTML with absolute links and the reader's own unsubscribe link and headers", async () => {
    const rendered = await renderIssue({ subject: "Bio tips & more", markdown }, { webUrl: "https://attune.example/newsletter/archive/bio-tips" });
    const token = unsubscribeTokenFor("reader@example.org");
    const email = issueEmail(rendered, "reader@example.org", token, { webUrl: "https://attune.example/newsletter/archive/bio-tips" });
    expect(email.to).toBe("reader@example.org");
    expect(email.subject).toBe("Bio tips & more");
    expect(email.tag).toBe("newsletter");
    expect(email.html).toContain('href="https://attune.example/wiki/ghosting"');
    expect(email.html).toContain("Bio tips &amp; more");
    expect(email.html).not.toMatch(/<script|onerror|javascript:|heading-anchor/);
    expect(email.html).toMatch(/<h2 style="font-size:19px[^"]*" id="[^"]*tips">Tips<\/h2>/);
    expect(email.html).toContain(`href="https://attune.example/newsletter/unsubscribe?token=${token}"`);
    expect(email.html).not.toContain("attune.invalid"); // the layout's stand-in is filled for every reader
    const other = issueEmail(rendered, "other@example.org", unsubscribeTokenFor("other@example.org"));
    expect(other.html).toContain(unsubscribeTokenFor("other@example.org"));
    expect(other.html).not.toContain(token);
    expect(email.text).toContain(`https://attune.example/newsletter/unsubscribe?token=${token}`);
    expect(email.text).toContain("Read this issue on the web: https://attune.example/newsletter/archive/bio-tips");
    expect(email.headers).toEqual(listUnsubscribeHeaders(token));
  });

  it("marks test sends in the subject", async () => {
    const rendered = await renderIssue({ subject: "Hello", markdown: "Hi" });
    const email = issueEmail(rendered, "admin@example.org", unsubscribeTokenFor("admin@example.org"), { test: true });
    expect(email.subject).toBe("[Test] Hello");
    expect(email.tag).toBe("newsletter-test");
  });
});

describe("issue slugs", () => {
  it("are lower-case words joined by hyphens", () => {
    expect(issueSlug("Five bio lines that work — and why!")).toBe("five-bio-lines-that-work-and-why");
    expect(issueSlug("Café crème: déjà vu")).toBe("cafe-creme-deja-vu");
    expect(issueSlug("!!!")).toBe("issue");
    expect(issueSlug("a".repeat(200)).length).toBeLessThanOrEqual(80);
    expect(issueSlug("Don’t text first")).toBe("dont-text-first"); // as an article title would be
  });
});

describe("the seed draft issue", () => {
  it("links only to articles that exist", () => {
    const slugs = new Set(readSeedArticles().map((a) => a.file.replace(/\.md$/, "")));
    const links = [...SEED_ISSUE_MARKDOWN.matchAll(/\]\(\/wiki\/([a-z0-9-]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const slug of links) expect(slugs.has(slug), slug).toBe(true);
  });
});

describe("webhook signatures", () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({
    type: "email.bounced",
    created_at: "2026-11-25T10:00:00.000Z",
    data: { to: ["reader@example.org"], bounce: { type: "Permanent", subType: "General", message: "" } },
  });
  const headersOf = (h: Record<string, string>) => ({ id: h["svix-id"], timestamp: h["svix-timestamp"], signature: h["svix-signature"] });

  it("accepts a body signed with the secret", () => {
    const { id, event } = verifyResendWebhook(body, headersOf(signWebhook(secret, "msg_1", body)), secret);
    expect(id).toBe("msg_1");
    expect(event.type).toBe("email.bounced");
  });

  it("rejects a tampered body, another secret, an old timestamp and missing headers", () => {
    const h = headersOf(signWebhook(secret, "msg_1", body));
    expect(() => verifyResendWebhook(body.replace("reader@", "victim@"), h, secret)).toThrow(AppError);
    expect(() => verifyResendWebhook(body, h, newWebhookSecret())).toThrow(AppError);
    expect(() => verifyResendWebhook(body, headersOf(signWebhook(secret, "msg_1", body, new Date(Date.now() - 3600_000))), secret)).toThrow(AppError);
    expect(() => verifyResendWebhook(body, { ...h, signature: null }, secret)).toThrow(AppError);
  });
});

describe("Resend's Retry-After", () => {
  it("reads Retry-After as seconds or an HTTP date", async () => {
    const { retryAfterMs } = await import("@/lib/email/rate");
    expect(retryAfterMs({ "retry-after": "2" })).toBe(2000);
    expect(retryAfterMs({ "retry-after": new Date(10_000).toUTCString() }, 7_000)).toBe(3000);
    expect(retryAfterMs({ "retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
