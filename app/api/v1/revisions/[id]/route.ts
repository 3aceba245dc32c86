// GET /api/v1/revisions/{id}: one published revision (lib/api/handlers.ts).
import { getRevision } from "@/lib/api/handlers";
import { preflight } from "@/lib/api/http";

export const dynamic = "force-dynamic";

export const GET = getRevision;
export const OPTIONS = preflight;
