// GET /api/v1/search?q=&page=: the site's search as JSON (lib/api/handlers.ts).
import { search } from "@/lib/api/handlers";
import { preflight } from "@/lib/api/http";

export const dynamic = "force-dynamic";

export const GET = search;
export const OPTIONS = preflight;
