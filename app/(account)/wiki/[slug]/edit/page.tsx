import { env } from "@/lib/env";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { sourceToFields } from "@/lib/articles/editor-model";
import { getCurrentUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { getEditableArticle } from "@/lib/moderation/editing";
import { readParam, slugParam } from "@/lib/params";
import { ArticleEditor } from "../../../contribute/editor";

export const metadata: Metadata = { title: "Edit article", robots: { index: false } };

export default async function EditArticlePage({ params }: { params: Promise<{ slug: string }> }) {
  const slug = readParam(slugParam, (await params).slug, "encoded");
  if (!slug) notFound();
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/wiki/${slug}/edit`)}`);
  const article = await getEditableArticle(slug);
  if (!article) notFound();
  if (!can(user, "proposal:create")) {
    return (
      <div className="prose-page">
        <h1>Editing is not available to your account</h1>
        <p>Your account can read Attune but not propose changes. If you think this is a mistake, contact the editors.</p>
      </div>
    );
  }
  return (
    <div>
      <h1>Edit “{article.title}”</h1>
      <p>
        Your change is a proposal: a moderator reviews it before it appears on <Link href={`/wiki/${slug}`}>the article</Link>. You are editing revision{" "}
        {article.revisionId}.
      </p>
      <ArticleEditor
        mode="edit"
        initial={sourceToFields(article.source)}
        articleSlug={slug}
        baseRevisionId={article.revisionId}
        draftKey={`attune-draft:edit:${slug}:${article.revisionId}`}
        maxSourceKb={env().MAX_SOURCE_KB}
      />
    </div>
  );
}
