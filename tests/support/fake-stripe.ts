// The same fake Stripe the browser journeys use (e2e/fakes/stripe.mjs), typed for Vitest,
// plus helpers that sign webhook bodies with the official SDK.
import path from "node:path";
import { pathToFileURL } from "node:url";
import Stripe from "stripe";

export type FakeEvent = { id: string; type: string; created: number; data: { object: Record<string, unknown> } } & Record<string, unknown>;

export type FakeStripe = {
  port: number;
  url: string;
  webhookUrl: string;
  requests: { method: string; path: string; params: Record<string, unknown> }[];
  deliveries: { eventId: string; type: string; status: number }[];
  sessions: Map<
    string,
    Record<string, unknown> & { id: string; url: string; subscription: string | null; invoice: string | null; payment_intent: string | null }
  >;
  subscriptions: Map<string, { id: string; customer: string; status: string }>;
  /** Completes a session as if paid; returns the events Stripe would send (not delivered). */
  pay(sessionId: string, options?: { email?: string }): FakeEvent[];
  renew(subscriptionId: string): FakeEvent;
  refund(paymentIntentOrInvoiceId: string, options?: { amount?: number }): FakeEvent;
  /** The session lapses unpaid: a checkout.session.expired event (not delivered). */
  expire(sessionId: string): FakeEvent;
  cancel(subscriptionId: string): FakeEvent;
  /** A bare event around an object, for events the fake has no scenario for. */
  eventOf(type: string, object: Record<string, unknown>, created?: number): FakeEvent;
  deliver(event: FakeEvent): Promise<{ eventId: string; type: string; status: number }>;
  sign(event: FakeEvent, options?: { timestamp?: number }): { body: string; signature: string };
  close(): Promise<void>;
};

type FakeModule = {
  startFakeStripe(options: { appUrl: string; webhookSecret: string; port?: number }): Promise<FakeStripe>;
  parseStripeForm(text: string): Record<string, unknown>;
  checkCheckoutSessionParams(params: Record<string, unknown>, appUrl: string): string[];
};

// Imported by URL: the fake is plain ESM JavaScript shared with the Playwright server, outside the TS project.
const fakeModuleUrl = pathToFileURL(path.resolve(import.meta.dirname, "../../e2e/fakes/stripe.mjs")).href;

export async function loadFakeStripeModule(): Promise<FakeModule> {
  return (await import(/* @vite-ignore */ fakeModuleUrl)) as FakeModule;
}

export async function startFakeStripe(options: { appUrl: string; webhookSecret: string }): Promise<FakeStripe> {
  return (await loadFakeStripeModule()).startFakeStripe(options);
}

/** Environment that points lib/donations at the fake (set before resetEnvCache()). */
export function fakeStripeEnv(fake: FakeStripe, webhookSecret: string): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: "sk_test_vitest_fake",
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_HOST: "127.0.0.1",
    STRIPE_API_PORT: String(fake.port),
    STRIPE_API_PROTOCOL: "http",
  };
}

/** A Stripe-Signature header for a body, signed as Stripe signs it. */
export function signBody(body: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret, ...(timestamp ? { timestamp } : {}) });
}

/** A POST to the webhook route, as Stripe would send it. */
export function webhookRequest(body: string, signature: string | null): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  return new Request("http://localhost/api/stripe/webhook", { method: "POST", headers, body });
}
