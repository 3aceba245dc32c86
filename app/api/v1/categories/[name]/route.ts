// GET /api/v1/categories/{name}?cursor=&limit=: a category's articles (lib/api/handlers.ts).
import { listCategory } from "@/lib/api/handlers";
import { preflight } from "@/lib/api/http";

export const dynamic = "force-dynamic";

export const GET = listCategory;
export const OPTIONS = preflight;
