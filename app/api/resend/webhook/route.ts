import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { applyResendEvent, verifyResendWebhook, WebhookSignatureError } from "@/lib/newsletter/webhook";

export const dynamic = "force-dynamic";

// Raw body → verify the svix signature → apply once (the svix-id is stored with a unique constraint).
export async function POST(request: Request) {
  const secret = env().RESEND_WEBHOOK_SECRET;
  if (!secret) return Response.json({ error: "Resend webhooks are not configured on this site." }, { status: 503 });
  const payload = await request.text();
  const id = request.headers.get("svix-id");
  let event;
  try {
    event = verifyResendWebhook(payload, { id, timestamp: request.headers.get("svix-timestamp"), signature: request.headers.get("svix-signature") }, secret);
  } catch (error) {
    if (error instanceof WebhookSignatureError) return Response.json({ error: "The signature does not match this body." }, { status: 400 });
    throw error;
  }
  const result = await applyResendEvent(getDb(), id!, event);
  return Response.json({ received: true, duplicate: result.duplicate });
}
