// Every donation as CSV, for administrators; checked here as well as on the page.
import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { donationsCsv } from "@/lib/donations/queries";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return new Response("Please sign in first.\n", { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  if (!can(user, "donations:view")) return new Response("Only administrators can export donations.\n", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const csv = await donationsCsv();
  const day = new Date().toISOString().slice(0, 10); // machine-readable: the file name
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="attune-donations-${day}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
