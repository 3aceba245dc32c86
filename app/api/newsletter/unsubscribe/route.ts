import { getDb } from "@/lib/db/client";
import { unsubscribePageUrl } from "@/lib/newsletter/links";
import { unsubscribeByToken } from "@/lib/newsletter/subscribers";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" };

// RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the List-Unsubscribe address,
// and that alone unsubscribes. The token is the credential, so the body is not required.
export async function POST(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const result = await unsubscribeByToken(getDb(), token);
  if (result.status === "invalid")
    return new Response("This unsubscribe link is not valid. The address may already have been erased.\n", { status: 404, headers: noStore });
  return new Response("You are unsubscribed from the newsletter. No further issues will be sent to this address.\n", { status: 200, headers: noStore });
}

// A GET (a person, or a mail scanner following links) never unsubscribes: it leads to the page with the buttons.
export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return new Response(null, { status: 303, headers: { Location: unsubscribePageUrl(token), "Cache-Control": "no-store" } });
}
