// After an approval or a revert, the edge cache (deploy/nginx.conf) is asked for the changed pages at once, so
// readers get the new text now instead of at the end of the cached copy's 1–2 s life (nginx counts whole seconds).
// nginx lets such a request skip its copy and store the fresh answer only when it comes from this machine and
// carries EDGE_REFRESH_HEADER. Without EDGE_REFRESH_URL nothing is sent, and the 1–2 s lifetime still bounds the wait.
import { env } from "./env";

export const EDGE_REFRESH_HEADER = "x-attune-refresh";
const TIMEOUT_MS = 5_000;

export type EdgeRefresh = { path: string; status: number | null };

/** Asks the edge for each path again. Never throws: a failed refresh only means readers wait out the copy's life. */
export async function refreshAtEdge(paths: string[], base: string | undefined = env().EDGE_REFRESH_URL): Promise<EdgeRefresh[]> {
  if (!base) return [];
  return Promise.all(
    [...new Set(paths)].map(async (path): Promise<EdgeRefresh> => {
      try {
        const response = await fetch(new URL(path, base), {
          headers: { [EDGE_REFRESH_HEADER]: "1", "accept-encoding": "gzip" },
          cache: "no-store",
          redirect: "manual",
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await response.arrayBuffer(); // read to the end, so nginx finishes storing it
        return { path, status: response.status };
      } catch (error) {
        console.warn(`Edge refresh of ${path} failed (readers get the new text within 2 s anyway): ${error instanceof Error ? error.message : String(error)}`);
        return { path, status: null };
      }
    }),
  );
}
