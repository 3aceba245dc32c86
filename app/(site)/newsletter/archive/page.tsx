import type { Metadata } from "next";
import Link from "next/link";
import { getArchive } from "@/lib/newsletter/queries";
import { issuePath } from "@/lib/newsletter/links";
import "@/app/_components/newsletter.css";
import { formatLongDate } from "@/lib/format";

// Rendered per request from cached data (tag "newsletter", revalidated when a send starts): `next build` reads nothing.
export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Newsletter archive",
  description: "Every issue of the Attune newsletter sent so far.",
  alternates: { canonical: "/newsletter/archive" },
};

export default async function NewsletterArchivePage() {
  const issues = await getArchive();
  return (
    <div className="prose-page">
      <h1>Newsletter archive</h1>
      <p>
        Every issue sent so far, newest first. <Link href="/newsletter">Subscribe</Link> to get the next one by email.
      </p>
      {issues.length === 0 ? (
        <p>No issues have been sent yet. The first one is on its way.</p>
      ) : (
        <ol className="newsletter-archive" reversed>
          {issues.map((issue) => (
            <li key={issue.slug}>
              <Link href={issuePath(issue.slug)}>{issue.subject}</Link>
              <time dateTime={issue.publishedAt}>{formatLongDate(issue.publishedAt)}</time>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
