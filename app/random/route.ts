import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { articles } from "@/lib/db/schema";
import { absoluteUrl } from "@/lib/site";

export const dynamic = "force-dynamic";

export async function GET() {
  const [row] = await getDb().select({ slug: articles.slug }).from(articles).orderBy(sql`random()`).limit(1);
  return new Response(null, { status: 307, headers: { Location: absoluteUrl(row ? `/wiki/${row.slug}` : "/"), "Cache-Control": "no-store" } });
}
