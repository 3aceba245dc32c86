import "server-only";
import { unstable_cache } from "next/cache";
import { renderMarkdown } from "../articles/render";
import { getDb } from "../db/client";
import { findPublishedIssue, listPublishedIssues, type PublishedIssueCard } from "./issues";

/** One tag for everything public about the newsletter: revalidated when an issue's send starts. */
export const NEWSLETTER_TAG = "newsletter";

export const getArchive = unstable_cache(async (): Promise<PublishedIssueCard[]> => listPublishedIssues(getDb()), ["newsletter-archive"], {
  tags: [NEWSLETTER_TAG],
  revalidate: 3600,
});

export type IssuePage = PublishedIssueCard & { html: string };

export function getIssuePage(slug: string): Promise<IssuePage | null> {
  return unstable_cache(
    async () => {
      const issue = await findPublishedIssue(getDb(), slug);
      if (!issue) return null;
      // Sanitised: raw HTML in an issue is never rendered.
      return { slug: issue.slug, subject: issue.subject, publishedAt: issue.publishedAt, html: await renderMarkdown(issue.markdown) };
    },
    ["newsletter-issue", slug],
    { tags: [NEWSLETTER_TAG], revalidate: false },
  )();
}
