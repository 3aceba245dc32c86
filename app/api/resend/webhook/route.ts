import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/errors";
import { applyResendEvent, verifyResendWebhook } from "@/lib/newsletter/webhook";

export const dynamic = "force-dynamic";

// Raw body → verify the svix signature → apply once (the svix-id is stored with a unique constraint).
export async function POST(request: Request) {
  const secret = env().RESEND_WEBHOOK_SECRET;
  if (!secret) return Response.json({ error: "Resend webhooks are not configured on this site." }, { status: 503 });
  const payload = await request.text();
  try {
    const { id, event } = verifyResendWebhook(
      payload,
      { id: request.headers.get("svix-id"), timestamp: request.headers.get("svix-timestamp"), signature: request.headers.get("svix-signature") },
      secret,
    );
    const result = await applyResendEvent(getDb(), id, event);
    return Response.json({ received: true, duplicate: result.duplicate });
  } catch (error) {
    return errorResponse(error);
  }
}
