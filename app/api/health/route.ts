import { checkDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const ok = await checkDatabase();
  return Response.json(ok ? { status: "ok" } : { status: "unavailable", message: "The database is not answering." }, {
    status: ok ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
