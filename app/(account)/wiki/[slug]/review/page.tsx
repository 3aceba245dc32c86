import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { eq } from "drizzle-orm";
import { ReviewBadge } from "@/app/_components/review-badge";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { articles } from "@/lib/db/schema";
import { readParam, slugParam } from "@/lib/params";
import { isActiveExpert } from "@/lib/reviews/profiles";
import { getReviewBadge, NOTE_MAX } from "@/lib/reviews/reviews";
import { ReviewForm } from "./review-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Review an article", robots: { index: false } };

type Props = { params: Promise<{ slug: string }> };

export default async function ReviewArticlePage({ params }: Props) {
  const slug = readParam(slugParam, (await params).slug, "encoded");
  if (!slug) notFound();
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/wiki/${slug}/review`)}`);
  const db = getDb();
  const [[article], expert] = await Promise.all([
    db
      .select({ id: articles.id, slug: articles.slug, title: articles.title, revisionId: articles.currentRevisionId })
      .from(articles)
      .where(eq(articles.slug, slug)),
    isActiveExpert(db, user),
  ]);
  if (!article?.revisionId) notFound();
  if (!expert)
    return (
      <p role="alert">
        Marking an article reviewed is for experts with an expert profile, which an admin grants.{" "}
        <Link href={`/wiki/${article.slug}`}>Back to the article</Link>.
      </p>
    );
  const badge = await getReviewBadge({ id: article.id, slug: article.slug, revisionId: article.revisionId });
  return (
    <div className="prose-page">
      <h1>Review “{article.title}”</h1>
      <p>
        You are reviewing revision {article.revisionId}, the current text: <Link href={`/wiki/${article.slug}`}>read it</Link> ·{" "}
        <Link href={`/wiki/${article.slug}/history`}>history</Link>. Readers will see your name and credential, the date and the revision number; the note is
        shown on request. If the article changes before you submit, nothing is saved and you are told.
      </p>
      {badge ? <ReviewBadge review={badge} slug={article.slug} /> : <p>This article has never been reviewed.</p>}
      <ReviewForm slug={article.slug} revisionId={article.revisionId} maxLength={NOTE_MAX} />
    </div>
  );
}
