// A local fake of the few Stripe API calls Attune makes, for the Playwright journeys and the Vitest suite.
// The official SDK is pointed at it (host, port, protocol). It checks every request the app sends, serves a
// checkout page with a "Pay" button, and delivers webhook events signed exactly as Stripe signs them.
import { randomBytes } from "node:crypto";
import http from "node:http";
import Stripe from "stripe";

const now = () => Math.floor(Date.now() / 1000);
const id = (prefix) => `${prefix}_test_${randomBytes(12).toString("hex")}`;
const escapeHtml = (t) => String(t).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** Stripe's form encoding (`a[b][0][c]=x`) back into nested objects; list indexes stay string keys. */
export function parseStripeForm(text) {
  const out = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.split(/[[\]]+/).filter(Boolean);
    let node = out;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = node[part] ??= {};
    });
  }
  return out;
}

/** Problems with a Checkout Session request, as Attune must send it (empty when it is right). */
export function checkCheckoutSessionParams(p, appUrl) {
  const problems = [];
  if (p.mode !== "payment" && p.mode !== "subscription") problems.push("mode must be payment or subscription");
  if (p.mode === "payment" && p.submit_type !== "donate") problems.push("submit_type must be donate for a one-time gift");
  const items = p.line_items ?? {};
  const item = items["0"];
  if (!item || Object.keys(items).length !== 1) problems.push("exactly one line item is expected");
  const price = item?.price_data;
  if (item && item.quantity !== "1") problems.push("quantity must be 1");
  if (!price) problems.push("line_items[0][price_data] is required (the amount is computed by the app)");
  if (price) {
    if (!/^[1-9]\d*$/.test(price.unit_amount ?? "")) problems.push("unit_amount must be a positive whole number of minor units");
    if (!/^[a-z]{3}$/.test(price.currency ?? "")) problems.push("currency must be a lower-case three-letter code");
    if (!price.product_data?.name) problems.push("product_data[name] is required");
    if (p.mode === "subscription" && price.recurring?.interval !== "month") problems.push("a monthly gift needs recurring[interval]=month");
    if (p.mode === "payment" && price.recurring) problems.push("a one-time gift must not be recurring");
  }
  if (!p.success_url?.startsWith(`${appUrl}/`)) problems.push(`success_url must start with ${appUrl}/`);
  if (!p.success_url?.includes("{CHECKOUT_SESSION_ID}")) problems.push("success_url should carry {CHECKOUT_SESSION_ID}");
  if (!p.cancel_url?.startsWith(`${appUrl}/`)) problems.push(`cancel_url must start with ${appUrl}/`);
  const donationId = p.metadata?.donation_id;
  if (!/^\d+$/.test(donationId ?? "")) problems.push("metadata[donation_id] must name the pending donation");
  if (p.mode === "payment" && p.payment_intent_data?.metadata?.donation_id !== donationId)
    problems.push("payment_intent_data[metadata][donation_id] must match");
  if (p.mode === "subscription" && p.subscription_data?.metadata?.donation_id !== donationId)
    problems.push("subscription_data[metadata][donation_id] must match");
  return problems;
}

export function eventOf(type, object, created = now()) {
  return {
    id: id("evt"),
    object: "event",
    api_version: Stripe.API_VERSION,
    created,
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

/** A JSON body and the Stripe-Signature header for it; `timestamp` and `secret` may be overridden to test refusals. */
export function signEvent(event, secret, { timestamp } = {}) {
  const body = JSON.stringify(event, null, 2);
  return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret, ...(timestamp ? { timestamp } : {}) }) };
}

export async function startFakeStripe({ appUrl, webhookSecret, port = 0 }) {
  const webhookUrl = `${appUrl}/api/stripe/webhook`;
  const requests = []; // every API request the app made: { method, path, params }
  const deliveries = []; // every webhook delivered: { eventId, type, status }
  const sessions = new Map();
  const subscriptions = new Map();
  const invoices = new Map();
  const paymentIntents = new Map();
  const portalSessions = new Map();
  const idempotent = new Map();
  let holding = false;
  const held = [];
  let base = "";

  function sessionObject(s) {
    const { params, ...rest } = s;
    void params;
    return { object: "checkout.session", ...rest };
  }

  function invoiceObject(inv) {
    return {
      id: inv.id,
      object: "invoice",
      amount_due: inv.amount,
      amount_paid: inv.amount,
      amount_remaining: 0,
      billing_reason: inv.billingReason,
      currency: inv.currency,
      customer: inv.customer,
      customer_email: inv.email,
      status: "paid",
      parent: { type: "subscription_details", quote_details: null, subscription_details: { subscription: inv.subscription, metadata: inv.metadata } },
      status_transitions: { finalized_at: inv.paidAt, paid_at: inv.paidAt, marked_uncollectible_at: null, voided_at: null },
      lines: { object: "list", data: [], has_more: false, url: `/v1/invoices/${inv.id}/lines` },
      metadata: {},
    };
  }

  function subscriptionObject(sub) {
    return {
      id: sub.id,
      object: "subscription",
      customer: sub.customer,
      status: sub.status,
      metadata: sub.metadata,
      canceled_at: sub.canceledAt ?? null,
      ended_at: sub.canceledAt ?? null,
      items: { object: "list", data: [] },
    };
  }

  /** Completes a session as if the donor paid; returns the events Stripe would send, in Stripe's order. */
  function pay(sessionId, { email = "donor@example.org" } = {}) {
    const s = sessions.get(sessionId);
    if (!s) throw new Error(`No such checkout session ${sessionId}`);
    if (s.status === "complete") throw new Error(`Session ${sessionId} is already paid`);
    const price = s.params.line_items["0"].price_data;
    const amount = Number(price.unit_amount);
    const paidAt = now();
    Object.assign(s, { status: "complete", payment_status: "paid", amount_total: amount, customer_details: { email, name: null } });
    if (s.mode === "payment") {
      const pi = id("pi");
      paymentIntents.set(pi, {
        id: pi,
        amount,
        currency: s.currency,
        metadata: s.params.payment_intent_data?.metadata ?? {},
        customer: null,
        invoice: null,
        refunded: 0,
      });
      s.payment_intent = pi;
      return [eventOf("checkout.session.completed", sessionObject(s), paidAt)];
    }
    const customer = id("cus");
    const sub = {
      id: id("sub"),
      customer,
      status: "active",
      metadata: s.params.subscription_data?.metadata ?? {},
      amount,
      currency: s.currency,
      email,
      invoices: [],
    };
    subscriptions.set(sub.id, sub);
    const inv = newInvoice(sub, "subscription_create", paidAt);
    Object.assign(s, { customer, subscription: sub.id, invoice: inv.id });
    return [eventOf("checkout.session.completed", sessionObject(s), paidAt), eventOf("invoice.paid", invoiceObject(inv), paidAt)];
  }

  function newInvoice(sub, billingReason, paidAt = now()) {
    const inv = {
      id: id("in"),
      subscription: sub.id,
      customer: sub.customer,
      amount: sub.amount,
      currency: sub.currency,
      email: sub.email,
      metadata: sub.metadata,
      billingReason,
      paidAt,
      paymentIntent: id("pi"),
    };
    invoices.set(inv.id, inv);
    sub.invoices.push(inv.id);
    paymentIntents.set(inv.paymentIntent, {
      id: inv.paymentIntent,
      amount: inv.amount,
      currency: inv.currency,
      metadata: {},
      customer: sub.customer,
      invoice: inv.id,
      refunded: 0,
    });
    return inv;
  }

  /** The next month's payment of a monthly gift: an invoice.paid event. */
  function renew(subscriptionId) {
    const sub = subscriptions.get(subscriptionId);
    if (!sub) throw new Error(`No such subscription ${subscriptionId}`);
    return eventOf("invoice.paid", invoiceObject(newInvoice(sub, "subscription_cycle")));
  }

  /** A refund (in full unless `amount` says otherwise) of a payment intent, or of the payment behind an invoice. */
  function refund(key, { amount } = {}) {
    const pi = invoices.get(key)?.paymentIntent ?? key;
    const intent = paymentIntents.get(pi);
    if (!intent) throw new Error(`No such payment ${key}`);
    intent.refunded = Math.min(intent.amount, intent.refunded + (amount ?? intent.amount));
    return eventOf("charge.refunded", {
      id: id("ch"),
      object: "charge",
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: intent.refunded,
      currency: intent.currency,
      customer: intent.customer,
      metadata: intent.metadata,
      paid: true,
      payment_intent: pi,
      refunded: intent.refunded >= intent.amount,
      status: "succeeded",
    });
  }

  /** The session lapses unpaid (Stripe's default is 24 hours after it opened): a checkout.session.expired event. */
  function expire(sessionId) {
    const s = sessions.get(sessionId);
    if (!s) throw new Error(`No such checkout session ${sessionId}`);
    if (s.status !== "open") throw new Error(`Session ${sessionId} is ${s.status}, not open`);
    s.status = "expired";
    return eventOf("checkout.session.expired", sessionObject(s));
  }

  function cancel(subscriptionId) {
    const sub = subscriptions.get(subscriptionId);
    if (!sub) throw new Error(`No such subscription ${subscriptionId}`);
    Object.assign(sub, { status: "canceled", canceledAt: now() });
    return eventOf("customer.subscription.deleted", subscriptionObject(sub));
  }

  async function deliver(event) {
    const { body, signature } = signEvent(event, webhookSecret);
    let status = 0;
    try {
      const response = await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body });
      status = response.status;
      await response.text();
    } catch (error) {
      console.error(`fake Stripe: delivering ${event.type} failed:`, error);
    }
    const record = { eventId: event.id, type: event.type, status, event };
    deliveries.push(record);
    return record;
  }

  async function deliverAll(events) {
    const results = [];
    for (const e of events) results.push(await deliver(e)); // in order, one at a time, as Stripe mostly does
    return results;
  }

  async function dispatch(events) {
    if (holding) held.push(...events);
    else await deliverAll(events);
  }

  function stripeError(res, status, message, extra = {}) {
    json(res, status, { error: { type: "invalid_request_error", message, ...extra } });
  }

  function json(res, status, body) {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  function html(res, status, title, body) {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main>${body}</main></body></html>`);
  }

  function redirect(res, location) {
    res.writeHead(303, { location });
    res.end();
  }

  async function readBody(req) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    return Buffer.concat(chunks).toString("utf8");
  }

  async function api(req, res, url, text) {
    const params = req.method === "GET" ? parseStripeForm(url.search.slice(1)) : parseStripeForm(text);
    requests.push({ method: req.method, path: url.pathname, params });
    if (!/^Bearer sk_(test|live)_\S+$/.test(req.headers.authorization ?? "")) return stripeError(res, 401, "Invalid API Key provided.");
    const key = req.headers["idempotency-key"];
    if (req.method === "POST" && key && idempotent.has(key)) return json(res, 200, idempotent.get(key));
    let m;
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const problems = checkCheckoutSessionParams(params, appUrl);
      if (problems.length > 0) return stripeError(res, 400, `Fake Stripe refused the session: ${problems.join("; ")}.`);
      const sessionId = id("cs");
      const s = {
        id: sessionId,
        mode: params.mode,
        status: "open",
        payment_status: "unpaid",
        currency: params.line_items["0"].price_data.currency,
        amount_total: Number(params.line_items["0"].price_data.unit_amount),
        client_reference_id: params.client_reference_id ?? null,
        metadata: params.metadata ?? {},
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        url: `${base}/checkout/${sessionId}`,
        customer: null,
        customer_details: null,
        customer_email: null,
        payment_intent: null,
        subscription: null,
        invoice: null,
        submit_type: params.submit_type ?? null,
        params,
      };
      sessions.set(sessionId, s);
      const body = sessionObject(s);
      if (key) idempotent.set(key, body);
      return json(res, 200, body);
    }
    if (req.method === "GET" && (m = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(url.pathname))) {
      const s = sessions.get(m[1]);
      return s ? json(res, 200, sessionObject(s)) : stripeError(res, 404, `No such checkout.session: '${m[1]}'`, { code: "resource_missing" });
    }
    if (req.method === "DELETE" && (m = /^\/v1\/subscriptions\/([\w]+)$/.exec(url.pathname))) {
      const sub = subscriptions.get(m[1]);
      if (!sub) return stripeError(res, 404, `No such subscription: '${m[1]}'`, { code: "resource_missing" });
      if (sub.status === "canceled") return stripeError(res, 404, `No such subscription: '${m[1]}'`, { code: "resource_missing" });
      const event = cancel(sub.id);
      json(res, 200, subscriptionObject(sub));
      // Stripe tells the webhook a moment later, independently of this answer.
      setTimeout(() => void dispatch([event]), 50);
      return;
    }
    if (req.method === "POST" && url.pathname === "/v1/billing_portal/sessions") {
      const customer = params.customer;
      if (![...subscriptions.values()].some((s) => s.customer === customer))
        return stripeError(res, 404, `No such customer: '${customer}'`, { code: "resource_missing" });
      if (!params.return_url?.startsWith(`${appUrl}/`)) return stripeError(res, 400, `return_url must start with ${appUrl}/`);
      const portal = { id: id("bps"), object: "billing_portal.session", customer, return_url: params.return_url, url: "" };
      portal.url = `${base}/portal/${portal.id}`;
      portalSessions.set(portal.id, portal);
      return json(res, 200, portal);
    }
    if (req.method === "GET" && url.pathname === "/v1/invoice_payments") {
      const pi = params.payment?.payment_intent;
      const data = [...invoices.values()]
        .filter((inv) => inv.paymentIntent === pi)
        .map((inv) => ({
          id: id("inpay"),
          object: "invoice_payment",
          invoice: inv.id,
          amount_paid: inv.amount,
          currency: inv.currency,
          status: "paid",
          is_default: true,
          payment: { type: "payment_intent", payment_intent: pi },
        }));
      return json(res, 200, { object: "list", data, has_more: false, url: "/v1/invoice_payments" });
    }
    return stripeError(res, 404, `Fake Stripe does not implement ${req.method} ${url.pathname}.`);
  }

  async function pages(req, res, url, text) {
    let m;
    if (req.method === "GET" && (m = /^\/checkout\/([\w]+)$/.exec(url.pathname))) {
      const s = sessions.get(m[1]);
      if (!s) return html(res, 404, "Not found", "<h1>No such checkout session</h1>");
      const price = s.params.line_items["0"].price_data;
      const amount = `${(Number(price.unit_amount) / 100).toFixed(2)} ${price.currency.toUpperCase()}`;
      return html(
        res,
        200,
        "Fake Stripe Checkout",
        `<h1>Fake Stripe Checkout</h1><p>Test mode: no money moves.</p>
<p>${escapeHtml(price.product_data.name)}: <strong data-testid="checkout-amount">${escapeHtml(amount)}</strong>${s.mode === "subscription" ? " per month" : ""}</p>
<form method="post" action="/checkout/${escapeHtml(s.id)}/pay"><p><label for="email">Email</label> <input id="email" name="email" type="email" value="donor@example.org"></p><button type="submit">Pay</button></form>
<p><a href="${escapeHtml(s.cancel_url)}">Cancel and go back</a></p>`,
      );
    }
    if (req.method === "POST" && (m = /^\/checkout\/([\w]+)\/pay$/.exec(url.pathname))) {
      const s = sessions.get(m[1]);
      if (!s) return html(res, 404, "Not found", "<h1>No such checkout session</h1>");
      const email = new URLSearchParams(text).get("email") || "donor@example.org";
      await dispatch(pay(s.id, { email }));
      return redirect(res, s.success_url.replace("{CHECKOUT_SESSION_ID}", s.id));
    }
    if (req.method === "GET" && (m = /^\/portal\/([\w]+)$/.exec(url.pathname))) {
      const p = portalSessions.get(m[1]);
      if (!p) return html(res, 404, "Not found", "<h1>No such portal session</h1>");
      return html(
        res,
        200,
        "Fake billing portal",
        `<h1>Fake billing portal</h1><p>Customer ${escapeHtml(p.customer)}</p><p><a href="${escapeHtml(p.return_url)}">Return to the site</a></p>`,
      );
    }
    // Test controls: hold webhooks (to see the "confirming…" state), release them, replay them all, renew or refund.
    if (req.method === "POST" && url.pathname === "/_test/hold") {
      holding = true;
      return json(res, 200, { holding });
    }
    if (req.method === "POST" && url.pathname === "/_test/release") {
      holding = false;
      const results = await deliverAll(held.splice(0));
      return json(
        res,
        200,
        results.map(({ eventId, type, status }) => ({ eventId, type, status })),
      );
    }
    if (req.method === "POST" && url.pathname === "/_test/replay") {
      const results = await deliverAll(deliveries.map((d) => d.event));
      return json(
        res,
        200,
        results.map(({ eventId, type, status }) => ({ eventId, type, status })),
      );
    }
    if (req.method === "POST" && (m = /^\/_test\/(renew|refund)\/([\w]+)$/.exec(url.pathname))) {
      try {
        const result = await deliver(m[1] === "renew" ? renew(m[2]) : refund(m[2]));
        return json(res, 200, { eventId: result.eventId, type: result.type, status: result.status });
      } catch (error) {
        return json(res, 404, { error: String(error) });
      }
    }
    if (req.method === "GET" && url.pathname === "/_test/state") {
      return json(res, 200, {
        sessions: [...sessions.values()].map(sessionObject),
        subscriptions: [...subscriptions.values()].map(subscriptionObject),
        deliveries: deliveries.map(({ eventId, type, status }) => ({ eventId, type, status })),
      });
    }
    return html(res, 404, "Not found", "<h1>Not found</h1>");
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", base || "http://127.0.0.1");
      const text = await readBody(req);
      if (url.pathname.startsWith("/v1/")) await api(req, res, url, text);
      else await pages(req, res, url, text);
    } catch (error) {
      console.error("fake Stripe:", error);
      if (!res.headersSent) stripeError(res, 500, "Fake Stripe failed.");
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${address.port}`;

  return {
    port: address.port,
    url: base,
    webhookUrl,
    requests,
    deliveries,
    sessions,
    subscriptions,
    pay,
    renew,
    refund,
    expire,
    cancel,
    deliver,
    deliverAll,
    eventOf,
    sign: (event, options) => signEvent(event, webhookSecret, options),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
