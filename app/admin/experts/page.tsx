import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionButton } from "@/app/_components/action-button";
import { canGrantExpertise } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formatLongDate } from "@/lib/format";
import { listExpertProfiles } from "@/lib/reviews/profiles";
import { revokeExpertiseAction } from "./actions";
import { ProfileForm } from "./profile-form";

export const metadata: Metadata = { title: "Experts", robots: { index: false } };

const SAVED: Record<string, string> = { granted: "Expert profile granted.", updated: "Expert profile saved.", revoked: "Expert profile revoked." };

export default async function AdminExpertsPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/admin/experts");
  if (!canGrantExpertise(user)) return <p role="alert">Only admins can manage expert profiles.</p>;
  const [sp, profiles] = await Promise.all([searchParams, listExpertProfiles(getDb(), user)]);
  return (
    <div>
      <h1>Experts</h1>
      <p>
        Expertise is a profile, not a role: the person keeps their role, and the profile lets them mark an article&apos;s current revision reviewed. Readers see
        the name and credential written here. Approving proposals stays with moderators and admins.
      </p>
      {sp.saved && SAVED[sp.saved] && (
        <p role="status" className="form-success">
          {SAVED[sp.saved]}
        </p>
      )}
      <section aria-labelledby="grant-heading">
        <h2 id="grant-heading">Grant a profile</h2>
        <ProfileForm />
      </section>
      <section aria-labelledby="profiles-heading">
        <h2 id="profiles-heading">Profiles</h2>
        {profiles.length === 0 ? (
          <p>No expert profiles yet.</p>
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">Expert profiles</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Since</th>
                <th scope="col">Profile</th>
                <th scope="col">Revoke</th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((p) => (
                <tr key={p.userId} data-testid="expert-row">
                  <td>
                    {p.accountName ?? "(no display name)"}
                    {p.email && (
                      <>
                        <br />
                        {p.email}
                      </>
                    )}
                    {p.sample && (
                      <>
                        <br />
                        <strong>Sample account (development only)</strong>
                      </>
                    )}
                  </td>
                  <td>
                    <time dateTime={p.createdAt.toISOString()}>{formatLongDate(p.createdAt)}</time>
                  </td>
                  <td>
                    {p.revokedAt ? (
                      <>
                        {p.displayName}, {p.credential} ({p.field}). Revoked on <time dateTime={p.revokedAt.toISOString()}>{formatLongDate(p.revokedAt)}</time>;
                        grant it again above to restore it.
                      </>
                    ) : (
                      <ProfileForm profile={{ userId: p.userId, displayName: p.displayName, credential: p.credential, field: p.field }} />
                    )}
                  </td>
                  <td>{!p.revokedAt && <ActionButton action={revokeExpertiseAction} fields={{ userId: p.userId }} label={`Revoke ${p.displayName}`} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
