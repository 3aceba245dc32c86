import { notFound } from "next/navigation";
import { atomResponse, categoryChangesPath, getCategoryChanges } from "@/lib/articles/change-feeds";
import { buildAtomFeed } from "@/lib/articles/feed";
import { categoryParam, readParam } from "@/lib/params";
import { siteUrl } from "@/lib/site";

// The approved changes to the category's articles as Atom; cached under the listings' tag, like the category page.
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const name = readParam(categoryParam, (await params).name, "decoded");
  if (!name) notFound();
  const changes = await getCategoryChanges(name);
  if (!changes) notFound();
  const body = buildAtomFeed(
    {
      siteUrl: siteUrl(),
      path: categoryChangesPath(name),
      pagePath: `/category/${encodeURIComponent(name)}`,
      title: `Category: ${name} — approved changes`,
      subtitle: `The latest approved changes to articles in the Attune category “${name}”, newest first.`,
    },
    changes,
  );
  return atomResponse(body);
}
