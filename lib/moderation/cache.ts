import "server-only";
import { updateTag } from "next/cache";
import { after } from "next/server";
import { articleTag, LISTINGS_TAG, SLUGS_TAG } from "../articles/queries";
import { refreshAtEdge } from "../edge";

/** After an approval, revert or new article: expire that article's pages and the listings, nothing else. */
export function expireArticleCaches(slug: string, previousSlug: string | null = null) {
  updateTag(articleTag(slug));
  updateTag(LISTINGS_TAG);
  if (previousSlug) updateTag(articleTag(previousSlug));
  // Aliases may have changed too: expire the cached 404s and alias redirects (they carry this tag).
  updateTag(SLUGS_TAG);
  // Once the response has gone (the tags are expired by then), the edge cache fetches the changed pages again.
  const paths = [`/wiki/${encodeURIComponent(slug)}`, "/", ...(previousSlug ? [`/wiki/${encodeURIComponent(previousSlug)}`] : [])];
  after(() => refreshAtEdge(paths));
}
