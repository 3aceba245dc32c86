import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as unsubscribeGet, POST as unsubscribePost } from "@/app/api/newsletter/unsubscribe/route";
import type { DbHandle } from "@/lib/db/client";
import { emailOutbox, newsletterDeliveries, newsletterIssues, subscribers } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { confirmUrl, listUnsubscribeHeaders } from "@/lib/newsletter/links";
import {
  confirmSubscription,
  eraseByToken,
  requestSubscription,
  sendConfirmationEmail,
  sendWelcomeEmail,
  subscribeAnswer,
  subscriberCounts,
  unsubscribeByToken,
  type SubscribeInput,
} from "@/lib/newsletter/subscribers";
import { hashToken, unsubscribeTokenFor } from "@/lib/newsletter/tokens";
import { createTestDatabase } from "../support/db";

let handle: DbHandle;
const ENV = { EMAIL_TRANSPORT: "outbox", SITE_URL: "https://attune.example", AUTH_SECRET: "db-test-secret", RATE_LIMIT_SUBSCRIBE_PER_HOUR: "1000" };

beforeAll(async () => {
  Object.assign(process.env, ENV);
  resetEnvCache();
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  process.env.RATE_LIMIT_SUBSCRIBE_PER_HOUR = ENV.RATE_LIMIT_SUBSCRIBE_PER_HOUR;
  resetEnvCache();
  for (const table of ["newsletter_deliveries", "newsletter_issues", "subscribers", "email_outbox", "rate_limits"])
    await handle.db.execute(sql.raw(`delete from ${table}`));
});

let ip = 0;
const input = (email: string, extra: Partial<SubscribeInput> = {}): SubscribeInput => ({
  email,
  source: "footer",
  clientAddress: `10.0.0.${++ip % 250}`,
  ...extra,
});

async function rowOf(email: string) {
  const [row] = await handle.db.select().from(subscribers).where(eq(subscribers.email, email));
  return row;
}

/** Subscribes and confirms, returning the address. */
async function confirmed(email: string) {
  const r = await requestSubscription(handle.db, input(email));
  if (!r.confirmation) throw new Error("expected a confirmation");
  expect((await confirmSubscription(handle.db, r.confirmation.token)).status).toBe("confirmed");
  return r.email;
}

describe("signing up", () => {
  it("stores a new, normalised address as pending with a hashed, expiring token, and mails a link to a Confirm page", async () => {
    const now = new Date("2026-11-25T10:00:00Z");
    const result = await requestSubscription(handle.db, input("  New.Reader@Example.ORG ", { source: "article" }), now);
    if (!result.confirmation) throw new Error("expected a confirmation");
    expect(result.email).toBe("new.reader@example.org");

    const row = await rowOf("new.reader@example.org");
    expect(row).toMatchObject({
      status: "pending",
      source: "article",
      confirmTokenHash: hashToken(result.confirmation.token),
      unsubscribeTokenHash: hashToken(unsubscribeTokenFor("new.reader@example.org")),
    });
    expect(row.confirmTokenHash).not.toContain(result.confirmation.token);
    expect(row.confirmTokenExpiresAt?.toISOString()).toBe("2026-11-27T10:00:00.000Z");

    await sendConfirmationEmail(result.confirmation.email, result.confirmation.token);
    const [mail] = await handle.db.select().from(emailOutbox);
    expect(mail).toMatchObject({ to: "new.reader@example.org", tag: "newsletter-confirm" });
    expect(mail.text).toContain(confirmUrl(result.confirmation.token));
  });

  it("answers the same whatever the address's state, and only mails those who still need to confirm", async () => {
    const confirmedEmail = await confirmed("confirmed@example.org");
    await requestSubscription(handle.db, input("pending@example.org"));
    await requestSubscription(handle.db, input("suppressed@example.org"));
    await handle.db.update(subscribers).set({ status: "suppressed" }).where(eq(subscribers.email, "suppressed@example.org"));

    const again = await requestSubscription(handle.db, input(confirmedEmail));
    const pendingAgain = await requestSubscription(handle.db, input("pending@example.org"));
    const suppressedAgain = await requestSubscription(handle.db, input("suppressed@example.org"));
    const unknown = await requestSubscription(handle.db, input("unknown@example.org"));

    expect(again).toEqual({ email: confirmedEmail });
    expect(suppressedAgain).toEqual({ email: "suppressed@example.org" });
    expect(pendingAgain.confirmation).toBeTruthy();
    expect(unknown.confirmation).toBeTruthy();
    // The visible answer depends only on the address typed.
    expect(subscribeAnswer("a@example.org")).toBe(subscribeAnswer("a@example.org"));
    expect((await rowOf(confirmedEmail)).status).toBe("confirmed");
    expect((await rowOf("suppressed@example.org")).status).toBe("suppressed");
  });

  it("refuses addresses that are not addresses", async () => {
    const refused = requestSubscription(handle.db, input("not-an-address"));
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: "bad_request", fieldErrors: { email: "Enter an email address such as name@example.org." } });
    expect(await subscriberCounts(handle.db)).toEqual({ pending: 0, confirmed: 0, unsubscribed: 0, suppressed: 0 });
  });

  it("limits sign-ups per client address, and silently per email address", async () => {
    process.env.RATE_LIMIT_SUBSCRIBE_PER_HOUR = "2";
    resetEnvCache();
    const from = (email: string, clientAddress: string) => requestSubscription(handle.db, { email, source: "page", clientAddress });
    expect((await from("a@example.org", "192.0.2.1")).confirmation).toBeTruthy();
    expect((await from("b@example.org", "192.0.2.1")).confirmation).toBeTruthy();
    // A window that began this very minute (the first minute of an hour) resets "in 1 hour".
    await expect(from("c@example.org", "192.0.2.1")).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/Too many sign-ups from your network\. Please try again in (\d+ minutes?|1 hour)\./),
    });
    expect((await from("c@example.org", "192.0.2.2")).confirmation).toBeTruthy();

    // The same address from many networks: the answer stays the same, but no more emails go out.
    const results = [];
    for (let i = 10; i < 14; i++) results.push(await from("target@example.org", `198.51.100.${i}`));
    expect(results.map((r) => r.email)).toEqual(Array(4).fill("target@example.org"));
    expect(results.map((r) => Boolean(r.confirmation))).toEqual([true, true, false, false]);
  });
});

describe("confirming", () => {
  it("confirms with the token once; the link cannot be used again", async () => {
    const r = await requestSubscription(handle.db, input("reader@example.org"));
    if (!r.confirmation) throw new Error("expected a confirmation");
    expect(await confirmSubscription(handle.db, "A".repeat(43))).toEqual({ status: "invalid" });
    expect(await confirmSubscription(handle.db, "garbage")).toEqual({ status: "invalid" });
    expect((await rowOf("reader@example.org")).status).toBe("pending");

    expect(await confirmSubscription(handle.db, r.confirmation.token)).toEqual({ status: "confirmed", email: "reader@example.org" });
    const row = await rowOf("reader@example.org");
    expect(row).toMatchObject({ status: "confirmed", confirmTokenHash: null, confirmTokenExpiresAt: null });
    expect(row.confirmedAt).toBeInstanceOf(Date);
    expect(await confirmSubscription(handle.db, r.confirmation.token)).toEqual({ status: "invalid" });
    expect(await subscriberCounts(handle.db)).toMatchObject({ confirmed: 1, pending: 0 });
  });

  it("refuses a link older than 48 hours", async () => {
    const t0 = new Date("2026-11-25T10:00:00Z");
    const r = await requestSubscription(handle.db, input("late@example.org"), t0);
    if (!r.confirmation) throw new Error("expected a confirmation");
    expect(await confirmSubscription(handle.db, r.confirmation.token, new Date("2026-11-27T10:00:01Z"))).toEqual({ status: "expired" });
    expect((await rowOf("late@example.org")).status).toBe("pending");
  });

  it("replaces the link when a pending address signs up again", async () => {
    const first = await requestSubscription(handle.db, input("twice@example.org"));
    const second = await requestSubscription(handle.db, input("twice@example.org"));
    if (!first.confirmation || !second.confirmation) throw new Error("expected confirmations");
    expect(await confirmSubscription(handle.db, first.confirmation.token)).toEqual({ status: "invalid" });
    expect((await confirmSubscription(handle.db, second.confirmation.token)).status).toBe("confirmed");
  });

  it("welcomes the new subscriber with their own unsubscribe link and one-click headers", async () => {
    const email = await confirmed("welcome@example.org");
    await sendWelcomeEmail(email);
    const [mail] = await handle.db.select().from(emailOutbox).where(eq(emailOutbox.tag, "newsletter-welcome"));
    const token = unsubscribeTokenFor(email);
    expect(mail.headers).toEqual(listUnsubscribeHeaders(token));
    expect(mail.text).toContain(`https://attune.example/newsletter/unsubscribe?token=${token}`);
  });
});

describe("unsubscribing, subscribing again, erasing", () => {
  it("unsubscribes with the token, and a later sign-up needs a fresh confirmation", async () => {
    const email = await confirmed("leaver@example.org");
    const token = unsubscribeTokenFor(email);
    expect(await unsubscribeByToken(handle.db, token)).toEqual({ status: "unsubscribed" });
    expect(await unsubscribeByToken(handle.db, token)).toEqual({ status: "already" });
    expect(await unsubscribeByToken(handle.db, "B".repeat(43))).toEqual({ status: "invalid" });
    const row = await rowOf(email);
    expect(row.status).toBe("unsubscribed");
    expect(row.unsubscribedAt).toBeInstanceOf(Date);

    const back = await requestSubscription(handle.db, input(email));
    if (!back.confirmation) throw new Error("expected a confirmation");
    expect((await rowOf(email)).status).toBe("pending");
    expect((await confirmSubscription(handle.db, back.confirmation.token)).status).toBe("confirmed");
    expect(await rowOf(email)).toMatchObject({ status: "confirmed", unsubscribedAt: null });
    // The same personal link keeps working after coming back.
    expect(await unsubscribeByToken(handle.db, token)).toEqual({ status: "unsubscribed" });
  });

  it("erases the address entirely; past deliveries stay, linked to nobody", async () => {
    const email = await confirmed("erase.me@example.org");
    const [issue] = await handle.db.insert(newsletterIssues).values({ slug: "one", subject: "One", markdown: "Hi", status: "sent" }).returning();
    const sub = await rowOf(email);
    await handle.db.insert(newsletterDeliveries).values({ issueId: issue.id, subscriberId: sub.id, status: "sent" });

    const token = unsubscribeTokenFor(email);
    expect(await eraseByToken(handle.db, token)).toEqual({ status: "erased" });
    expect(await rowOf(email)).toBeUndefined();
    const deliveries = await handle.db.select().from(newsletterDeliveries);
    expect(deliveries).toEqual([expect.objectContaining({ issueId: issue.id, subscriberId: null, status: "sent" })]);
    expect(await eraseByToken(handle.db, token)).toEqual({ status: "invalid" });
    expect(await unsubscribeByToken(handle.db, token)).toEqual({ status: "invalid" });

    // Signing up again later starts from scratch.
    const again = await requestSubscription(handle.db, input(email));
    expect(again.confirmation).toBeTruthy();
    expect((await rowOf(email)).status).toBe("pending");
  });
});

describe("the one-click endpoint", () => {
  const url = (token: string) => `http://localhost:3000/api/newsletter/unsubscribe?token=${token}`;

  it("unsubscribes at once on an RFC 8058 POST", async () => {
    const email = await confirmed("oneclick@example.org");
    const token = unsubscribeTokenFor(email);
    const response = await unsubscribePost(
      new Request(url(token), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect((await rowOf(email)).status).toBe("unsubscribed");
  });

  it("answers 404 to a token it does not know", async () => {
    const response = await unsubscribePost(new Request(url("C".repeat(43)), { method: "POST", body: "List-Unsubscribe=One-Click" }));
    expect(response.status).toBe(404);
  });

  it("never unsubscribes on GET: it leads to the page with the buttons, on SITE_URL", async () => {
    const email = await confirmed("scanner@example.org");
    const token = unsubscribeTokenFor(email);
    const response = await unsubscribeGet(new Request(`http://evil.example/api/newsletter/unsubscribe?token=${token}`));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`https://attune.example/newsletter/unsubscribe?token=${token}`);
    expect((await rowOf(email)).status).toBe("confirmed");
  });
});
