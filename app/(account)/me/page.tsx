import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { DisplayNameForm } from "../welcome/display-name-form";
import { DeleteAccountForm } from "./delete-form";

export const metadata: Metadata = { title: "My account", robots: { index: false } };

const roleDescriptions = {
  reader: "You can read and sign in, but not propose changes.",
  contributor: "You can propose edits and new articles; moderators review them.",
  moderator: "You can propose changes and review other people's proposals.",
  admin: "You can do everything, including managing roles.",
} as const;

export default async function MePage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/me");
  return (
    <div className="prose-page">
      <h1>My account</h1>
      <p>
        Signed in as <strong>{user.displayName ?? "(no display name yet)"}</strong>. Role: {user.role}. {roleDescriptions[user.role]}
      </p>
      <p>
        <Link href="/me/proposals">My proposals</Link> · <Link href="/me/watchlist">My watchlist</Link> ·{" "}
        <Link href="/contribute/new">Propose a new article</Link>
      </p>
      <section aria-labelledby="name-heading">
        <h2 id="name-heading">Display name</h2>
        <DisplayNameForm current={user.displayName ?? ""} submitLabel="Save name" />
      </section>
      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete account</h2>
        <p>Your email address and display name are deleted. Your proposals and revisions stay in the article histories, shown as by “former contributor”.</p>
        <DeleteAccountForm />
      </section>
    </div>
  );
}
