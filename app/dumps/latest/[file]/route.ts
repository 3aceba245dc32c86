import { contentTypeOf, dumpFileName, openLatestFile } from "@/lib/dumps/store";
import { env } from "@/lib/env";

// A file of the latest dump, streamed from DUMPS_DIR (shared by every instance). 404 until the first dump exists.
export const dynamic = "force-dynamic";

const notYet = (message: string) =>
  new Response(message, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const name = dumpFileName((await params).file);
  if (!name) return notYet("There is no such dump file. The files are listed at /dumps.");
  const file = await openLatestFile(env().DUMPS_DIR, name);
  if (!file) return notYet("No dump has been made yet: one is written every night. See /dumps.");
  return new Response(file.body, {
    headers: {
      "Content-Type": contentTypeOf(name),
      // Next 16.4's next start drops a route handler's Content-Length (send-response.js, FORBIDDEN_HEADERS) and sends
      // the stream chunked; it is kept for other adapters, and the size is in manifest.json and on /dumps.
      "Content-Length": String(file.bytes),
      // "latest" changes once a night: kept for minutes, and the dated generation is named for anyone checking.
      "Cache-Control": "public, max-age=300, s-maxage=60",
      "Content-Disposition": name.endsWith(".gz") ? `attachment; filename="${name}"` : "inline",
      "X-Dump-Generation": file.generation,
    },
  });
}
