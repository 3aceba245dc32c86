import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { changeHref } from "@/lib/articles/feed";
import { timeZoneNames, WEEKDAYS } from "@/lib/watch/schedule";
import { openWatchlist } from "@/lib/watch/watches";
import { PreferencesForm } from "./preferences-form";

export const metadata: Metadata = { title: "My watchlist", robots: { index: false } };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ before?: string; beforeId?: string }> };

const kindWords = { create: "New article", edit: "Edited", revert: "Reverted" } as const;

export default async function WatchlistPage({ searchParams }: Props) {
  const user = await getCurrentUser();
  if (!user) redirect("/signin?callbackUrl=/me/watchlist");
  const sp = await searchParams;
  const beforeAt = sp.before ? new Date(sp.before) : null;
  const beforeId = Number(sp.beforeId);
  const before = beforeAt && !Number.isNaN(beforeAt.getTime()) && Number.isInteger(beforeId) ? { createdAt: beforeAt, revisionId: beforeId } : undefined;
  const page = await openWatchlist(getDb(), user, { before });
  return (
    <div className="prose-page">
      <h1>My watchlist</h1>
      <p>
        What changed in the articles and categories you watch, newest first.{" "}
        {page.seenAt ? <>Changes since your last visit ({formatDateTime(page.seenAt)}) are marked new.</> : null}
      </p>
      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">Changes</h2>
        {page.changes.length === 0 ? (
          <p>Nothing has changed yet in what you watch.</p>
        ) : (
          <ol className="watch-changes">
            {page.changes.map((c) => (
              <li key={c.revisionId}>
                {c.isNew && <strong className="pill">new</strong>} <Link href={`/wiki/${c.slug}`}>{c.title}</Link> · {kindWords[c.kind]}
                {c.viaCategory ? ` in ${c.viaCategory}` : ""} by {c.authorName} ·{" "}
                <time dateTime={c.createdAt.toISOString()}>{formatDateTime(c.createdAt)}</time>
                <br />
                <span className="watch-summary">{c.summary}</span> · <Link href={changeHref(c)}>see the change</Link>
              </li>
            ))}
          </ol>
        )}
        {page.next && (
          <p>
            <Link href={`/me/watchlist?before=${encodeURIComponent(page.next.createdAt.toISOString())}&beforeId=${page.next.revisionId}`}>Older changes</Link>
          </p>
        )}
      </section>
      <section aria-labelledby="watched-heading">
        <h2 id="watched-heading">What you watch</h2>
        {page.watched.length === 0 ? (
          <p>You watch nothing yet. Use the Watch button on an article or a category page.</p>
        ) : (
          <ul>
            {page.watched.map((w) => (
              <li key={`${w.target}:${w.title}`}>
                {w.target === "article" && w.slug ? (
                  <Link href={`/wiki/${w.slug}`}>{w.title}</Link>
                ) : (
                  <>
                    Category: <Link href={`/category/${encodeURIComponent(w.title)}`}>{w.title}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="email-heading">
        <h2 id="email-heading">Emails</h2>
        <PreferencesForm current={page.preferences} timeZones={timeZoneNames()} weekdays={WEEKDAYS} />
      </section>
    </div>
  );
}
