import { buildRssFeed } from "@/lib/articles/feed";
import { listLatestArticles } from "@/lib/articles/queries";
import { siteUrl } from "@/lib/site";

export const dynamic = "force-dynamic";

export async function GET() {
  const articles = await listLatestArticles(50);
  const body = buildRssFeed(
    { url: siteUrl(), title: "Attune — latest articles", description: "New and updated articles in Attune, the open encyclopedia of relationship psychology." },
    articles,
  );
  return new Response(body, { headers: { "Content-Type": "application/rss+xml; charset=utf-8", "Cache-Control": "public, max-age=0, s-maxage=60" } });
}
