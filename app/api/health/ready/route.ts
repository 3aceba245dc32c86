import { readiness } from "@/lib/readiness";

export const dynamic = "force-dynamic";

// Readiness for the edge or an orchestrator: 503 while starting, draining, or when the database or Redis is down.
export async function GET() {
  const state = await readiness();
  return Response.json(state.ready ? { status: "ready", ...state } : { status: "unavailable", ...state }, {
    status: state.ready ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
