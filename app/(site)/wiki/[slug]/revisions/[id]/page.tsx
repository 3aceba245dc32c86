import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArticleView } from "@/app/_components/article-view";
import { getArticleBySlug, getRevision } from "@/lib/articles/queries";
import { renderArticle } from "@/lib/articles/view";
import { idParam, readParam, slugParam, type ParamForm } from "@/lib/params";

// A permanent link to one revision: what a citation points at.
export const revalidate = 86400;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ slug: string; id: string }> };

async function load(params: Props["params"], form: ParamForm) {
  const raw = await params;
  const slug = readParam(slugParam, raw.slug, form);
  const id = readParam(idParam, raw.id, form);
  if (!slug || !id) notFound();
  const [revision, lookup] = await Promise.all([getRevision(slug, id), getArticleBySlug(slug)]);
  if (!revision || lookup.kind !== "article") notFound();
  return { revision, article: lookup.article };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { article, revision } = await load(params, "decoded");
  return { title: `${article.title} (revision ${revision.id})`, robots: { index: false }, alternates: { canonical: `/wiki/${article.slug}` } };
}

export default async function RevisionPage({ params }: Props) {
  const { revision, article } = await load(params, "encoded");
  const view = await renderArticle({ ...article, source: revision.source, revisionId: revision.id });
  return <ArticleView view={{ ...view, oldRevision: revision.isCurrent ? undefined : { id: revision.id, createdAt: revision.createdAt } }} />;
}
