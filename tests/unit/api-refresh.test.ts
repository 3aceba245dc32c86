// An approval asks the edge for the API answers it changed, as it does for the article's page (lib/moderation/cache.ts).
import { describe, expect, it, vi } from "vitest";

const refreshed: string[][] = [];
vi.mock("next/cache", () => ({ updateTag: () => {}, revalidateTag: () => {}, unstable_cache: <T>(fn: T) => fn }));
vi.mock("next/server", () => ({ after: (fn: () => unknown) => fn() }));
vi.mock("@/lib/edge", () => ({ refreshAtEdge: async (paths: string[]) => void refreshed.push(paths) }));

describe("the approval's edge refresh", () => {
  it("includes the article's page, its feed of changes, its API answer, its former address's, and the first page of each list it is in", async () => {
    const { expireArticleCaches } = await import("@/lib/moderation/cache");
    expireArticleCaches("secure-attachment", "felt-security");
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).toEqual(
      expect.arrayContaining([
        "/wiki/secure-attachment",
        "/wiki/secure-attachment/changes.xml",
        "/api/v1/articles/secure-attachment",
        "/api/v1/articles/felt-security",
        "/api/v1/articles",
        "/api/v1/changes",
        "/api/v1/categories",
      ]),
    );
  });
});
