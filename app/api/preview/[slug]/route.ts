import { getArticlePreview } from "@/lib/articles/preview";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

// Browsers keep a preview a minute; the edge (deploy/nginx.conf) as long as an article page, 1–2 s, so an approval
// shows in previews as soon as on pages. Server-side it is cached under the article's tag (lib/articles/preview.ts).
const CACHE_CONTROL = "public, max-age=60, s-maxage=1, stale-while-revalidate=1";

/** A hover preview of an article: `{ slug, title, summary, figure, evidence, url }`, or 404 `{ error }`. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const preview = await getArticlePreview((await params).slug);
    return Response.json(preview, { headers: { "Cache-Control": CACHE_CONTROL } });
  } catch (error) {
    return errorResponse(error);
  }
}
