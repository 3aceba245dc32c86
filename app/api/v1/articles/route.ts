// GET /api/v1/articles?cursor=&limit=: every article, a page at a time (lib/api/handlers.ts).
import { listArticles } from "@/lib/api/handlers";
import { preflight } from "@/lib/api/http";

export const dynamic = "force-dynamic";

export const GET = listArticles;
export const OPTIONS = preflight;
