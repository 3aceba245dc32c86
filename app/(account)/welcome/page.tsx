import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/lib/auth/paths";
import { getCurrentUser } from "@/lib/auth/session";
import { DisplayNameForm } from "./display-name-form";

export const metadata: Metadata = { title: "Welcome", robots: { index: false } };

export default async function WelcomePage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const user = await getCurrentUser();
  const next = safeNextPath((await searchParams).next);
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(next)}`);
  if (user.displayName) redirect(next);
  return (
    <div className="prose-page">
      <h1>Welcome to Attune</h1>
      <p>Choose the name that will appear beside your contributions. You can change it later under “My account”.</p>
      <DisplayNameForm current="" next={next} submitLabel="Save and continue" />
    </div>
  );
}
