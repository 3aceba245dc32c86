import "server-only";
import { updateTag } from "next/cache";
import { articleTag, LISTINGS_TAG, SLUGS_TAG } from "../articles/queries";

/** After an approval, revert or new article: expire that article's pages and the listings, nothing else. */
export function expireArticleCaches(slug: string, previousSlug: string | null = null) {
  updateTag(articleTag(slug));
  updateTag(LISTINGS_TAG);
  if (previousSlug) updateTag(articleTag(previousSlug));
  // Aliases may have changed too: expire the cached 404s and alias redirects (they carry this tag).
  updateTag(SLUGS_TAG);
}
