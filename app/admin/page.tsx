import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Admin", robots: { index: false } };

export default async function AdminPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/admin");
  if (!can(user, "user:manage-roles")) return <p role="alert">Only admins can see this page.</p>;
  return (
    <div className="prose-page">
      <h1>Admin</h1>
      <ul>
        <li>
          <Link href="/admin/users">Roles</Link>
        </li>
        <li>
          <Link href="/admin/experts">Experts</Link>
        </li>
        <li>
          <Link href="/moderation">Moderation queue</Link>
        </li>
        <li>
          <Link href="/admin/donations">Donations</Link>
        </li>
        <li>
          <Link href="/admin/newsletter">Newsletter</Link>
        </li>
      </ul>
    </div>
  );
}
