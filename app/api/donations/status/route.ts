// The thanks page asks here until the webhook has landed; per-session, so never cached.
import { getDonationProgress } from "@/lib/donations/queries";
import { formatMoney } from "@/lib/donations/amounts";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const sessionId = new URL(request.url).searchParams.get("session_id") ?? "";
  const progress = await getDonationProgress(sessionId);
  const body = progress.state === "unknown" ? progress : { ...progress, display: formatMoney(progress.received, progress.currency) };
  return Response.json(body, { status: progress.state === "unknown" ? 404 : 200, headers: { "Cache-Control": "no-store" } });
}
