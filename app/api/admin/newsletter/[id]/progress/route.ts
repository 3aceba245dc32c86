import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { sendProgress } from "@/lib/newsletter/send";
import { idParam, readParam } from "@/lib/params";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: "Please sign in first." }, { status: 401, headers: noStore });
  if (!can(user, "newsletter:manage")) return Response.json({ error: "Your account is not allowed to do that." }, { status: 403, headers: noStore });
  const id = readParam(idParam, (await params).id, "decoded");
  const progress = id ? await sendProgress(getDb(), id) : null;
  if (!progress) return Response.json({ error: "No such issue." }, { status: 404, headers: noStore });
  return Response.json(progress, { headers: noStore });
}
