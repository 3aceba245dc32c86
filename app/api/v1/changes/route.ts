// GET /api/v1/changes?cursor=&limit=: recent approved changes, newest first (lib/api/handlers.ts).
import { listChanges } from "@/lib/api/handlers";
import { preflight } from "@/lib/api/http";

export const dynamic = "force-dynamic";

export const GET = listChanges;
export const OPTIONS = preflight;
