import { requirePermission } from "@/lib/auth/guard";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { AppError, errorResponse } from "@/lib/errors";
import { sendProgress } from "@/lib/newsletter/send";
import { idParam, readParam } from "@/lib/params";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    requirePermission(await getCurrentUser(), "newsletter:manage");
    const id = readParam(idParam, (await params).id, "decoded");
    const progress = id ? await sendProgress(getDb(), id) : null;
    if (!progress) throw new AppError("not_found", "No such issue.");
    return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
