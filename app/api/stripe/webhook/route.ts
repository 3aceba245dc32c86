// Stripe webhooks: raw body → verify the signature → apply the event once (lib/donations/webhook.ts).
import type Stripe from "stripe";
import { env } from "@/lib/env";
import { constructStripeEvent, getStripe } from "@/lib/donations/stripe";
import { handleStripeEvent, RetryLaterError } from "@/lib/donations/webhook";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

export async function POST(request: Request): Promise<Response> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) return Response.json({ error: "Stripe webhooks are not configured on this site." }, { status: 503, headers: noStore });
  const signature = request.headers.get("stripe-signature");
  if (!signature) return Response.json({ error: "Missing Stripe-Signature header." }, { status: 400, headers: noStore });
  // The signature covers the exact bytes Stripe sent, so read the body as text before any parsing.
  const body = await request.text();
  let event: Stripe.Event;
  try {
    event = constructStripeEvent(body, signature, secret);
  } catch {
    return Response.json({ error: "The signature does not match this body, or it is too old." }, { status: 400, headers: noStore });
  }
  try {
    const outcome = await handleStripeEvent(event, { stripe: getStripe() });
    return Response.json({ received: true, outcome: outcome.status }, { headers: noStore });
  } catch (error) {
    // Nothing was kept (the transaction rolled back), so Stripe's retry will apply the event afresh.
    if (error instanceof RetryLaterError) console.warn(error.message);
    else console.error(`Stripe event ${event.id} (${event.type}) failed:`, error);
    return Response.json({ error: "The event could not be applied; Stripe will retry." }, { status: 500, headers: noStore });
  }
}
