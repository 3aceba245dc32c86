import type { Metadata } from "next";
import { safeNextPath } from "@/lib/auth/paths";

export const metadata: Metadata = { title: "Confirm sign-in", robots: { index: false } };

// The emailed link lands here; only the button uses the single-use token, so mail scanners that
// follow links cannot sign anyone in or use the link up.
export default async function ConfirmSignInPage({ searchParams }: { searchParams: Promise<{ token?: string; email?: string; callbackUrl?: string }> }) {
  const { token, email, callbackUrl } = await searchParams;
  if (!token || !email) {
    return (
      <div className="prose-page">
        <h1>This link is incomplete</h1>
        <p>
          Open the link from your email again, or <a href="/signin">ask for a new one</a>.
        </p>
      </div>
    );
  }
  return (
    <div className="prose-page">
      <h1>Sign in to Attune</h1>
      <p>
        You are signing in as <strong>{email}</strong>.
      </p>
      <form method="get" action="/api/auth/callback/email">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="callbackUrl" value={safeNextPath(callbackUrl)} />
        <button type="submit">Sign in</button>
      </form>
    </div>
  );
}
