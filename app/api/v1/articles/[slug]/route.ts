// GET /api/v1/articles/{slug}: one article, or a 308 from another name (lib/api/handlers.ts).
import { getArticle } from "@/lib/api/handlers";
import { preflight } from "@/lib/api/http";

export const dynamic = "force-dynamic";

export const GET = getArticle;
export const OPTIONS = preflight;
