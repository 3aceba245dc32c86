import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { countPending } from "@/lib/moderation/review";
import { isActiveExpert } from "@/lib/reviews/profiles";
import { isWatching, type WatchKey } from "@/lib/watch/watches";

export const dynamic = "force-dynamic";

/** `?article=<slug>` or `?category=<name>`: the page's Watch toggle asks whether this reader watches it. */
function watchKeyOf(url: URL): WatchKey | null {
  const slug = url.searchParams.get("article");
  if (slug) return { target: "article", slug: slug.slice(0, 200) };
  const name = url.searchParams.get("category");
  if (name) return { target: "category", name: name.slice(0, 200) };
  return null;
}

/** The per-user bits of the header, fetched after load so public pages stay the same for everyone. */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  const headers = { "Cache-Control": "private, no-store" };
  if (!user) return Response.json({ signedIn: false }, { headers });
  const db = getDb();
  // The Watch toggle asks for its own state only: the header's bits come with the account menu's request.
  const watchKey = watchKeyOf(new URL(request.url));
  if (watchKey) return Response.json({ signedIn: true, watching: await isWatching(db, user.id, watchKey) }, { headers });
  const isModerator = can(user, "proposal:review");
  const [pendingCount, isExpert] = await Promise.all([isModerator ? countPending(db) : null, isActiveExpert(db, user)]);
  return Response.json(
    {
      signedIn: true,
      displayName: user.displayName,
      role: user.role,
      pendingCount,
      isAdmin: can(user, "user:manage-roles"),
      isExpert,
    },
    { headers },
  );
}
