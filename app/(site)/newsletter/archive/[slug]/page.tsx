import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getIssuePage } from "@/lib/newsletter/queries";
import { issuePath } from "@/lib/newsletter/links";
import "@/app/_components/newsletter.css";
import { formatLongDate } from "@/lib/format";
import { readParam, slugParam } from "@/lib/params";

// Rendered on first request, then served from cache (tag "newsletter"); nothing is read at build time (DESIGN §5).
export const revalidate = 3600;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const slug = readParam(slugParam, (await params).slug, "decoded");
  const issue = slug ? await getIssuePage(slug) : null;
  if (!issue) return { title: "Issue not found" };
  return {
    title: issue.subject,
    description: `An issue of the Attune newsletter, ${formatLongDate(issue.publishedAt)}.`,
    alternates: { canonical: issuePath(issue.slug) },
  };
}

export default async function NewsletterIssuePage({ params }: Props) {
  const slug = readParam(slugParam, (await params).slug, "encoded");
  const issue = slug ? await getIssuePage(slug) : null;
  if (!issue) notFound();
  return (
    <article className="newsletter-issue" aria-labelledby="issue-title">
      <p className="breadcrumbs">
        <Link href="/newsletter">Newsletter</Link> › <Link href="/newsletter/archive">Archive</Link>
      </p>
      <h1 id="issue-title">{issue.subject}</h1>
      <p className="newsletter-issue__meta">
        Sent <time dateTime={issue.publishedAt}>{formatLongDate(issue.publishedAt)}</time>
      </p>
      {/* Sanitised by renderMarkdown: raw HTML in an issue is never rendered. */}
      <div className="article-body" dangerouslySetInnerHTML={{ __html: issue.html }} />
      <p>
        <Link href="/newsletter">Get the next issue by email</Link> · <Link href="/newsletter/archive">All issues</Link>
      </p>
    </article>
  );
}
