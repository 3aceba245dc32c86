import { getDb } from "@/lib/db/client";
import { suggest, suggestQuery } from "@/lib/articles/suggest";

export const dynamic = "force-dynamic";

/** Type-ahead for the header search box: `?q=<what the reader has typed>` → up to 8 articles, as JSON. */
export async function GET(request: Request) {
  const query = suggestQuery(new URL(request.url).searchParams.get("q"));
  // Not cached here (every prefix would be an entry); a second of browser cache absorbs a reader's retyping.
  const headers = { "Cache-Control": "public, max-age=1" };
  if (!query) return Response.json({ suggestions: [] }, { headers });
  return Response.json({ suggestions: await suggest(getDb(), query) }, { headers });
}
