// Any other address under /api/v1: a JSON 404 that says where the endpoints are listed, never the site's HTML page.
import { apiError, preflight } from "@/lib/api/http";

export const dynamic = "force-dynamic";

export function GET() {
  return apiError("not_found", "There is no endpoint at that address. The endpoints are listed at /api/v1/openapi.json and on /developers.");
}
export const OPTIONS = preflight;
