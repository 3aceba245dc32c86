// GET /api/v1/categories?cursor=&limit=: categories with their counts (lib/api/handlers.ts).
import { listCategories } from "@/lib/api/handlers";
import { preflight } from "@/lib/api/http";

export const dynamic = "force-dynamic";

export const GET = listCategories;
export const OPTIONS = preflight;
