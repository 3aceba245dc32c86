import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { countPending } from "@/lib/moderation/review";

export const dynamic = "force-dynamic";

/** The per-user bits of the header, fetched after load so public pages stay the same for everyone. */
export async function GET() {
  const user = await getCurrentUser();
  const headers = { "Cache-Control": "private, no-store" };
  if (!user) return Response.json({ signedIn: false }, { headers });
  const isModerator = can(user, "proposal:review");
  return Response.json(
    {
      signedIn: true,
      displayName: user.displayName,
      role: user.role,
      pendingCount: isModerator ? await countPending(getDb()) : null,
      isAdmin: can(user, "user:manage-roles"),
    },
    { headers },
  );
}
