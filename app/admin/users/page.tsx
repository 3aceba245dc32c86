import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { can } from "@/lib/auth/policy";
import { listUsers } from "@/lib/auth/roles";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { roles } from "@/lib/db/schema";
import { formatLongDate } from "@/lib/format";
import { RoleForm } from "./role-form";

export const metadata: Metadata = { title: "Roles", robots: { index: false } };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/admin/users");
  if (!can(user, "user:manage-roles")) return <p role="alert">Only admins can manage roles.</p>;
  const [sp, people] = await Promise.all([searchParams, listUsers(getDb(), user)]);
  return (
    <div>
      <h1>Roles</h1>
      <p>
        New accounts are contributors: they may propose, and a moderator reviews every proposal. Readers cannot propose. Moderators review; admins also manage
        roles, donations and the newsletter.
      </p>
      {sp.saved && (
        <p role="status" className="form-success">
          Role saved.
        </p>
      )}
      <table className="data-table">
        <caption className="visually-hidden">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Display name</th>
            <th scope="col">Email</th>
            <th scope="col">Since</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {people
            .filter((p) => p.email)
            .map((p) => (
              <tr key={p.id}>
                <td>{p.displayName ?? "(not chosen yet)"}</td>
                <td>{p.email}</td>
                <td>
                  <time dateTime={p.createdAt.toISOString()}>{formatLongDate(p.createdAt)}</time>
                </td>
                <td>{p.id === user.id ? `${p.role} (you)` : <RoleForm userId={p.id} name={p.displayName ?? p.email ?? p.id} role={p.role} roles={roles} />}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
