import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { countPending } from "@/lib/moderation/review";
import { isActiveExpert } from "@/lib/reviews/profiles";

export const dynamic = "force-dynamic";

/** The per-user bits of the header, fetched after load so public pages stay the same for everyone. */
export async function GET() {
  const user = await getCurrentUser();
  const headers = { "Cache-Control": "private, no-store" };
  if (!user) return Response.json({ signedIn: false }, { headers });
  const isModerator = can(user, "proposal:review");
  const db = getDb();
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
