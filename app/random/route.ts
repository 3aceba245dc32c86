import { pickRandomArticleSlug } from "@/lib/articles/queries";
import { absoluteUrl } from "@/lib/site";

export const dynamic = "force-dynamic";

export async function GET() {
  const slug = await pickRandomArticleSlug();
  return new Response(null, { status: 307, headers: { Location: absoluteUrl(slug ? `/wiki/${slug}` : "/"), "Cache-Control": "no-store" } });
}
