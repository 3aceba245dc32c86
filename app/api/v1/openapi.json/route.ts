// GET /api/v1/openapi.json: the API's OpenAPI 3.1 document, generated from its Zod schemas (lib/api/openapi.ts).
import { CORS_HEADERS, DOCUMENT_CACHE_CONTROL, preflight } from "@/lib/api/http";
import { openApiDocument } from "@/lib/api/openapi";
import { siteUrl } from "@/lib/site";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(openApiDocument(siteUrl()), { headers: { "Cache-Control": DOCUMENT_CACHE_CONTROL, ...CORS_HEADERS } });
}
export const OPTIONS = preflight;
