// Every donation as CSV, for administrators; checked here as well as on the page.
import { requirePermission } from "@/lib/auth/guard";
import { getCurrentUser } from "@/lib/auth/session";
import { donationsCsv } from "@/lib/donations/queries";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    requirePermission(await getCurrentUser(), "donations:view", "Only administrators can export donations.");
  } catch (error) {
    return errorResponse(error, "text");
  }
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
