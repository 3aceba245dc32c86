import "server-only";
import { updateTag } from "next/cache";
import { after } from "next/server";
import { articleTag, LISTINGS_TAG, SLUGS_TAG } from "../articles/queries";
import { apiPathsOfArticle } from "../api/paths";
import { refreshAtEdge } from "../edge";
import { markSuggestIndexStale } from "../articles/suggest-index";

/** The tags an approval, revert or new article expires: that article's pages and the listings, nothing else. */
export function articleCacheTags(slug: string, previousSlug: string | null = null): string[] {
  // Aliases may have changed too: expire the cached 404s and alias redirects (they carry SLUGS_TAG).
  return [articleTag(slug), LISTINGS_TAG, ...(previousSlug ? [articleTag(previousSlug)] : []), SLUGS_TAG];
}

/** After an approval, revert or new article: expire its tags, then refresh the edge. */
export function expireArticleCaches(slug: string, previousSlug: string | null = null) {
  for (const tag of articleCacheTags(slug, previousSlug)) updateTag(tag);
  markSuggestIndexStale();
  // Once the response has gone (the tags are expired by then), the edge cache fetches the changed pages again.
  const paths = [
    `/wiki/${encodeURIComponent(slug)}`,
    `/api/preview/${encodeURIComponent(slug)}`,
    `/wiki/${encodeURIComponent(slug)}/changes.xml`,
    "/",
    ...(previousSlug ? [`/wiki/${encodeURIComponent(previousSlug)}`] : []),
    ...apiPathsOfArticle(slug, previousSlug),
  ];
  after(() => refreshAtEdge(paths));
}
