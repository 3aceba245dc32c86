import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Stop watchlist emails", robots: { index: false } };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Opening this page (the link in each watchlist email) changes nothing: only its button does.
export default async function WatchUnsubscribePage({ searchParams }: Props) {
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");
  const kind = one(sp.kind) === "digest" ? "digest" : "changes";
  const query = new URLSearchParams({ kind, user: one(sp.user), token: one(sp.token) }).toString();
  return (
    <div className="prose-page">
      <h1>{kind === "digest" ? "Stop the weekly digest" : "Stop change emails"}</h1>
      <p>
        {kind === "digest"
          ? "You will no longer get the weekly digest of changes to what you watch."
          : "You will no longer get an email when something you watch changes."}{" "}
        Your watchlist itself stays as it is.
      </p>
      <form method="post" action={`/api/watch/unsubscribe?${query}`}>
        <button type="submit">{kind === "digest" ? "Stop the weekly digest" : "Stop change emails"}</button>
      </form>
      <p>
        <Link href="/me/watchlist">Manage all watchlist emails</Link> (you will be asked to sign in).
      </p>
    </div>
  );
}
