import { signOut } from "@/lib/auth";

// A plain POST form works from the cached header without a server action.
export async function POST() {
  await signOut({ redirectTo: "/" });
}
