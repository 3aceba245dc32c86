// Where the API's answers live, for links between them and for the edge refresh after an approval.
export const API_BASE = "/api/v1";
export const LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/";

export const articleApiPath = (slug: string) => `${API_BASE}/articles/${encodeURIComponent(slug)}`;

/**
 * The API paths an approval, revert or new article changes (lib/moderation/cache.ts asks the edge to fetch them again):
 * the article, its former address, and the first page of each list it appears in.
 */
export function apiPathsOfArticle(slug: string, previousSlug: string | null = null): string[] {
  return [
    articleApiPath(slug),
    ...(previousSlug ? [articleApiPath(previousSlug)] : []),
    `${API_BASE}/articles`,
    `${API_BASE}/changes`,
    `${API_BASE}/categories`,
  ];
}
