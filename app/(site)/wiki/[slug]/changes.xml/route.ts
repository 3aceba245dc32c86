import { notFound, permanentRedirect } from "next/navigation";
import { articleChangesPath, atomResponse, getArticleChanges } from "@/lib/articles/change-feeds";
import { buildAtomFeed } from "@/lib/articles/feed";
import { getArticleBySlug } from "@/lib/articles/queries";
import { readParam, slugParam } from "@/lib/params";
import { siteUrl } from "@/lib/site";

// The article's approved changes as Atom; its data is cached under the article's tag (lib/articles/change-feeds.ts).
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const slug = readParam(slugParam, (await params).slug.toLowerCase(), "decoded");
  if (!slug) notFound();
  const found = await getArticleChanges(slug);
  if (!found) {
    // A former slug or other name leads to the article's own feed, as its page does.
    const lookup = await getArticleBySlug(slug);
    if (lookup.kind === "redirect") permanentRedirect(articleChangesPath(lookup.slug));
    notFound();
  }
  const body = buildAtomFeed(
    {
      siteUrl: siteUrl(),
      path: articleChangesPath(slug),
      pagePath: `/wiki/${encodeURIComponent(slug)}`,
      title: `${found.title} — approved changes`,
      subtitle: `Every approved change to the Attune article “${found.title}”, newest first.`,
    },
    found.changes,
  );
  return atomResponse(body);
}
