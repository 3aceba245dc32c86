import { describe, expect, it } from "vitest";
import { articleTag, LISTINGS_TAG, SLUGS_TAG } from "@/lib/articles/queries";
import { articleCacheTags } from "@/lib/moderation/cache";

describe("articleCacheTags", () => {
  it("expires the article, the listings and the slug/alias lookups on approval, and no other article", () => {
    expect([...articleCacheTags("jealousy")].sort()).toEqual([articleTag("jealousy"), LISTINGS_TAG, SLUGS_TAG].sort());
  });

  it("also expires the former slug of a renamed article", () => {
    expect([...articleCacheTags("new-name", "old-name")].sort()).toEqual(["article:new-name", "article:old-name", "articles", "slugs"]);
  });
});
