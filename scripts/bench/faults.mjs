// Faults: stop PostgreSQL in the middle of a run, then start it again, and check what readers, the health
// check, the Stripe webhook and the data do. It stops and starts the machine's PostgreSQL cluster
// (pg_ctlcluster 15 main, as root) and ALWAYS starts it again, whatever happens.
//
// Expected: while it is down, cached pages are still served (directly and through the edge cache), uncached
// ones show the error page, /api/health answers 503, a Stripe webhook gets a 5xx (so Stripe retries) and a
// newsletter sign-up is refused visibly; once it is back, the app recovers without a restart, the retried
// webhook is applied exactly once, and no proposal, donation or subscriber is lost.
//
//   node scripts/bench/faults.mjs [--outage 10] [--port 3640] [--edge-port 8640] [--no-build]
import { execFileSync } from "node:child_process";
import {
  ADMIN_EMAIL,
  approveInBrowser,
  createContributor,
  ensureBuild,
  insertEditProposal,
  launchBrowser,
  main,
  markerFor,
  now,
  onCleanup,
  pageWithSession,
  parseArgs,
  round,
  signInOverHttp,
  sleep,
  startApp,
  startEdge,
  table,
  writeResults,
} from "./lib.mjs";

const args = parseArgs();
if (args.help) {
  console.log("Usage: node scripts/bench/faults.mjs [--outage 10] [--port 3640] [--edge-port 8640] [--no-build]");
  process.exit(0);
}
const outageSeconds = Math.min(60, Math.max(5, Number(args.outage ?? 10)));
const port = Number(args.port ?? 3640);
const edgePort = Number(args["edge-port"] ?? 8640);
const PG_VERSION = process.env.BENCH_PG_VERSION ?? "15";
const PG_CLUSTER = process.env.BENCH_PG_CLUSTER ?? "main";

function pgctl(action) {
  const extra = action === "stop" ? ["-m", "fast"] : [];
  execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", PG_VERSION, PG_CLUSTER, action, ...extra], { stdio: "inherit", timeout: 60_000 });
}

async function get(url, init) {
  const t = now();
  try {
    const r = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    const body = await r.text();
    return { status: r.status, ms: round(now() - t), body, cache: r.headers.get("x-cache") };
  } catch (error) {
    return { status: 0, ms: round(now() - t), body: "", error: error?.cause?.code ?? error.message };
  }
}

const checks = [];
function check(phase, what, ok, detail) {
  checks.push({ phase, what, ok: Boolean(ok), detail });
  console.log(`  ${ok ? "✓" : "✗"} ${what}${detail ? ` — ${detail}` : ""}`);
}

await main(
  async () => {
    ensureBuild({ build: !args["no-build"] });
    const app = await startApp({ port, database: "postgres", label: "faults", stripe: true });
    const edge = await startEdge({ port: edgePort, upstreamPort: port });
    console.log(`App on ${app.origin} (pid ${app.pid}, database ${app.dbName}), edge cache on ${edge.origin}, fake Stripe on port ${app.stripe.port}.`);
    const moderator = await signInOverHttp(app.origin, ADMIN_EMAIL);
    const author = await createContributor(app.sql, "faults");
    const browser = await launchBrowser();
    const modPage = await pageWithSession(browser, app.origin, moderator);
    const reader = await (await browser.newContext({ baseURL: app.origin })).newPage();

    // ---- before: data that must survive, and pages that are cached
    console.log("\nBefore the outage:");
    const proposalIds = [];
    for (const slug of ["jealousy", "limerence", "benching"])
      proposalIds.push(
        await insertEditProposal(app.sql, { slug, authorId: author, marker: markerFor(`faults-${slug}`), summary: `Before the outage: ${slug}` }),
      );
    const subscriberBefore = `before-${Date.now()}@example.org`;
    const subscribed = await subscribe(reader, subscriberBefore);
    check("before", "newsletter sign-up accepted", /on its way/.test(subscribed), subscribed.slice(0, 80));
    await reader.goto("/donate");
    await reader.getByRole("button", { name: /^Give / }).click();
    await reader.waitForURL(/\/checkout\/cs_test_/, { timeout: 30_000 });
    const sessionId = /\/checkout\/(cs_test_\w+)/.exec(reader.url())[1];
    const [donation] = await app.sql`select id, status from donations where checkout_session_id = ${sessionId}`;
    check("before", "a donation is pending at Stripe Checkout", donation?.status === "pending", `donation ${donation?.id}, session ${sessionId}`);
    const cached = ["/", "/wiki/anxious-avoidant-relationship", "/browse/a"];
    for (const p of cached) {
      await get(app.origin + p);
      await get(edge.origin + p);
    }
    const uncached = "/wiki/ghosting"; // never requested before the outage
    const counts = async (db) =>
      (
        await db`select (select count(*) from proposals)::int as proposals, (select count(*) from subscribers)::int as subscribers, (select count(*) from donations)::int as donations, (select count(*) from donation_payments)::int as payments`
      )[0];
    const before = await counts(app.sql);
    console.log(`  rows: ${JSON.stringify(before)}`);
    await app.sql.end({ timeout: 2 }); // our own connection would only see errors while the server is down

    // ---- the outage
    console.log(`\nStopping PostgreSQL (${PG_VERSION}/${PG_CLUSTER}) for ${outageSeconds} s…`);
    let pgStopped = false;
    const restartPg = onCleanup(async () => {
      if (!pgStopped) return;
      console.log("Starting PostgreSQL again…");
      pgctl("start");
      pgStopped = false;
    });
    const stoppedAt = now();
    pgStopped = true;
    pgctl("stop");
    const during = {};
    try {
      await sleep(2500); // past the edge's 1–2 s, so the edge asks the app again (which answers from its own cache)
      const health = await get(`${app.origin}/api/health`);
      check("outage", "/api/health answers 503", health.status === 503, `HTTP ${health.status} in ${health.ms} ms`);
      during.health = { status: health.status, ms: health.ms };
      during.pages = [];
      for (const p of cached) {
        const d = await get(app.origin + p);
        const e = await get(edge.origin + p);
        during.pages.push({ path: p, direct: d.status, edge: e.status, edgeCache: e.cache });
        check(
          "outage",
          `cached page ${p} still served`,
          d.status === 200 && e.status === 200,
          `directly ${d.status} (${d.ms} ms), through the edge ${e.status} ${e.cache ?? ""}`,
        );
      }
      const u = await get(app.origin + uncached);
      const ue = await get(edge.origin + uncached);
      const errorPage = u.status >= 500 && /went wrong|try again|error/i.test(u.body);
      check("outage", `uncached page ${uncached} shows the error page`, errorPage && ue.status >= 500, `directly ${u.status}, through the edge ${ue.status}`);
      during.uncached = { direct: u.status, edge: ue.status, errorPage };
      const search = await get(`${app.origin}/search?q=jealousy`);
      check(
        "outage",
        "search (needs the database) fails with an error page, not a hang",
        search.status >= 500 && search.ms < 10_000,
        `HTTP ${search.status} in ${search.ms} ms`,
      );
      during.search = { status: search.status, ms: search.ms };

      // Stripe pays the pending checkout now: its webhook arrives while the database is down.
      const [event] = app.stripe.pay(sessionId, { email: "donor-during-outage@example.org" });
      const first = await app.stripe.deliver(event);
      check("outage", "Stripe webhook gets a 5xx (Stripe will retry)", first.status >= 500, `HTTP ${first.status}`);
      during.webhook = first.status;
      during.event = event.id;

      const refused = await subscribe(reader, `during-${Date.now()}@example.org`);
      check("outage", "newsletter sign-up is refused visibly (not a false success)", !/on its way/.test(refused), refused.slice(0, 100));
      during.subscribe = refused.slice(0, 200);

      const left = outageSeconds * 1000 - (now() - stoppedAt);
      if (left > 0) await sleep(left);
    } finally {
      await restartPg();
    }
    const restartedAt = now();

    // ---- recovery, without restarting the app
    console.log("\nAfter PostgreSQL is back:");
    let healthyAfter = null;
    for (let i = 0; i < 240 && healthyAfter === null; i++) {
      const h = await get(`${app.origin}/api/health`);
      if (h.status === 200) healthyAfter = round(now() - restartedAt);
      else await sleep(250);
    }
    check(
      "after",
      "/api/health is 200 again, same process (no restart)",
      healthyAfter !== null && app.child.exitCode === null,
      `${healthyAfter ?? "never"} ms after PostgreSQL started; pid ${app.pid} still running`,
    );
    const u2 = await get(app.origin + uncached);
    check("after", `the uncached page ${uncached} is served`, u2.status === 200, `HTTP ${u2.status}`);

    // Stripe retries the event: applied once; a further retry is a no-op.
    const [event] = app.stripe.deliveries.filter((d) => d.eventId === during.event).map((d) => d.event);
    const retry1 = await app.stripe.deliver(event);
    const retry2 = await app.stripe.deliver(event);
    const sql = (await import("postgres")).default(app.dbUrl, { max: 1, onnotice: () => {} });
    onCleanup(() => sql.end({ timeout: 2 }));
    const [paid] =
      await sql`select d.status, (select count(*)::int from donation_payments p where p.donation_id = d.id) as payments, (select count(*)::int from stripe_events e where e.id = ${event.id}) as events from donations d where d.checkout_session_id = ${sessionId}`;
    check(
      "after",
      "the retried webhook is applied exactly once",
      retry1.status === 200 && retry2.status === 200 && paid.status === "paid" && paid.payments === 1 && paid.events === 1,
      `retries ${retry1.status}, ${retry2.status}; donation ${paid.status}, ${paid.payments} payment, event stored ${paid.events}×`,
    );

    const subscriberAfter = `after-${Date.now()}@example.org`;
    const accepted = await subscribe(reader, subscriberAfter);
    check("after", "newsletter sign-up accepted again", /on its way/.test(accepted), accepted.slice(0, 80));
    const approved = await approveInBrowser(modPage, proposalIds[0]);
    check("after", "a proposal made before the outage is approved", true, `in ${round(approved.ms)} ms`);

    const after = await counts(sql);
    const kept =
      await sql`select (select count(*)::int from proposals where id = any(${proposalIds})) as proposals, (select count(*)::int from subscribers where email in (${subscriberBefore}, ${subscriberAfter})) as subscribers`;
    check(
      "after",
      "no proposal, donation or subscriber lost",
      kept[0].proposals === proposalIds.length && kept[0].subscribers === 2 && after.donations === before.donations && after.proposals === before.proposals,
      `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`,
    );

    const failed = checks.filter((c) => !c.ok);
    console.log(
      `\n${table(checks, [
        { label: "phase", value: (c) => c.phase, align: "left" },
        { label: "check", value: (c) => c.what, align: "left" },
        { label: "ok", value: (c) => (c.ok ? "yes" : "NO") },
      ])}`,
    );
    console.log(
      `\n${failed.length === 0 ? "PASS" : `FAIL (${failed.length})`}: PostgreSQL was down ${round((restartedAt - stoppedAt) / 1000)} s; the app answered again ${healthyAfter ?? "never"} ms after it came back.`,
    );
    writeResults("faults", { options: { outageSeconds }, before, after, during, healthyAfterMs: healthyAfter, checks, pass: failed.length === 0 });
    return failed.length === 0 ? 0 : 1;
  },
  { timeLimitMinutes: 10 },
);

/** Signs `email` up through the newsletter page's form; returns what the page then says. */
async function subscribe(page, email) {
  await page.goto("/newsletter");
  const box = page.getByRole("region", { name: "Sign up" });
  await box.getByLabel("Your e-mail address").fill(email);
  await box.getByRole("button", { name: "Subscribe" }).click();
  const answer = page
    .locator("[role=status], [role=alert], h1")
    .filter({ hasText: /on its way|wrong|error|try again|could not/i })
    .first();
  try {
    await answer.waitFor({ timeout: 15_000 });
    return (await answer.textContent()) ?? "";
  } catch {
    return `(no answer on the page: ${(
      await page
        .locator("main")
        .textContent()
        .catch(() => "")
    ).slice(0, 120)})`;
  }
}
