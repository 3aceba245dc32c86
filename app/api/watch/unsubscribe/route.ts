import { getDb } from "@/lib/db/client";
import { unsubscribeWatchEmails } from "@/lib/watch/unsubscribe";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" };

// RFC 8058 one-click unsubscribe for watchlist emails: a POST to the List-Unsubscribe address turns that kind off.
export async function POST(request: Request) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const result = await unsubscribeWatchEmails(getDb(), params);
  if (result.status === "invalid")
    return new Response("This unsubscribe link is not valid. The account may have been deleted.\n", { status: 404, headers: noStore });
  const what = result.kind === "changes" ? "change emails" : "the weekly digest";
  return new Response(`You will get no more of ${what} for your watchlist. You can change this on your watchlist page.\n`, { status: 200, headers: noStore });
}

// A GET (a person, or a mail scanner following links) never unsubscribes: it leads to the page with the button.
export async function GET(request: Request) {
  const url = new URL(request.url);
  return new Response(null, { status: 303, headers: { Location: `/watch/unsubscribe${url.search}`, "Cache-Control": "no-store" } });
}
