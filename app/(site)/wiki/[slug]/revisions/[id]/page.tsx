import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArticleView } from "@/app/_components/article-view";
import { getArticleBySlug, getRevision } from "@/lib/articles/queries";
import { renderArticle } from "@/lib/articles/view";

// A permanent link to one revision: what a citation points at.
export const revalidate = 86400;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ slug: string; id: string }> };

async function load(params: Props["params"]) {
  const { slug, id } = await params;
  if (!/^\d{1,9}$/.test(id)) notFound();
  const [revision, lookup] = await Promise.all([getRevision(slug, Number(id)), getArticleBySlug(slug)]);
  if (!revision || lookup.kind !== "article") notFound();
  return { revision, article: lookup.article };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { article, revision } = await load(params);
  return { title: `${article.title} (revision ${revision.id})`, robots: { index: false }, alternates: { canonical: `/wiki/${article.slug}` } };
}

export default async function RevisionPage({ params }: Props) {
  const { revision, article } = await load(params);
  const view = await renderArticle({ ...article, source: revision.source, revisionId: revision.id });
  return <ArticleView view={{ ...view, oldRevision: revision.isCurrent ? undefined : { id: revision.id, createdAt: revision.createdAt } }} />;
}
