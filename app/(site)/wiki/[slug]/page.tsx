import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { articleChangesPath } from "@/lib/articles/change-feeds";
import { renderArticle } from "@/lib/articles/view";
import { getArticleBySlug } from "@/lib/articles/queries";
import { readParam, slugParam } from "@/lib/params";
import { getReviewBadge } from "@/lib/reviews/reviews";
import { ArticleView } from "@/app/_components/article-view";

// Rendered on first request, then served from cache until an approval revalidates its tag (DESIGN §5).
export const revalidate = 3600;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

async function load(param: string) {
  const slug = readParam(slugParam, param.toLowerCase(), "encoded");
  if (!slug) notFound();
  const lookup = await getArticleBySlug(slug);
  if (lookup.kind === "redirect") permanentRedirect(`/wiki/${lookup.slug}`);
  if (lookup.kind === "missing") notFound();
  return lookup.article;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const slug = readParam(slugParam, (await params).slug.toLowerCase(), "decoded");
  const lookup = slug ? await getArticleBySlug(slug) : null;
  if (lookup?.kind !== "article") return { title: "Article not found" };
  const a = lookup.article;
  return {
    title: a.title,
    description: a.summary,
    alternates: {
      canonical: `/wiki/${a.slug}`,
      types: { "application/atom+xml": [{ url: articleChangesPath(a.slug), title: `Approved changes to ${a.title}` }] },
    },
    openGraph: { type: "article", title: a.title, description: a.summary, url: `/wiki/${a.slug}`, siteName: "Attune", modifiedTime: a.updatedAt },
    twitter: { card: "summary_large_image", title: a.title, description: a.summary },
  };
}

export default async function ArticlePage({ params }: Props) {
  const { slug } = await params;
  const article = await load(slug);
  const [view, review] = await Promise.all([renderArticle(article), getReviewBadge(article)]);
  return <ArticleView view={view} review={review} />;
}
