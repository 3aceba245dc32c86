"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { askMe } from "./ask-me";

type Me = { signedIn: false } | { signedIn: true; displayName: string | null; role: string; pendingCount: number | null; isAdmin: boolean; isExpert?: boolean };

// Asks /api/me only when the sign-in hint cookie exists, so anonymous readers make no extra request.
export function AccountMenu() {
  const [me, setMe] = useState<Me | null>(null);
  const pathname = usePathname(); // the layout stays mounted across navigations: look again after each
  useEffect(() => askMe<Me>("", (data) => data && setMe(data)), [pathname]);
  if (!me?.signedIn) {
    return (
      <nav aria-label="Account" className="account-menu">
        <Link href="/signin">Sign in</Link>
      </nav>
    );
  }
  return (
    <nav aria-label="Account" className="account-menu">
      <Link href="/me">{me.displayName ?? "My account"}</Link>
      <Link href="/me/proposals">My proposals</Link>
      {me.pendingCount !== null && (
        <Link href="/moderation">
          Moderation{" "}
          <span className="pill" data-testid="pending-pill">
            {me.pendingCount}
          </span>
        </Link>
      )}
      {me.isExpert && <Link href="/review">Re-review queue</Link>}
      {me.isAdmin && <Link href="/admin">Admin</Link>}
      <form method="post" action="/signout">
        <button type="submit" className="link-button">
          Sign out
        </button>
      </form>
    </nav>
  );
}
