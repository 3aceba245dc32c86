// A worker thread that renders untrusted Markdown (previews, proposals under review) so that a slow text
// only ever holds this thread, which the pool stops when its time budget runs out (render-pool.ts).
import { parentPort } from "node:worker_threads";
import { renderArticleBody, type RenderOptions } from "./render";

export type RenderRequest = { id: number; markdown: string; options?: RenderOptions };
export type RenderReply = { id: number; ok: true; body: Awaited<ReturnType<typeof renderArticleBody>> } | { id: number; ok: false; message: string };

const port = parentPort;
if (port) {
  port.on("message", async ({ id, markdown, options }: RenderRequest) => {
    try {
      port.postMessage({ id, ok: true, body: await renderArticleBody(markdown, options) } satisfies RenderReply);
    } catch (error) {
      // A RangeError (stack) or a render limit: the text is the problem, and the thread is fine.
      port.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies RenderReply);
    }
  });
  port.postMessage("ready");
}
