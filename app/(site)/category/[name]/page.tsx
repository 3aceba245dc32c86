import type { Metadata } from "next";
import { ArticleSummaryList } from "@/app/_components/article-list";
import { notFound } from "next/navigation";
import { listArticlesInCategory } from "@/lib/articles/queries";
import { categoryParam, readParam } from "@/lib/params";

export const revalidate = 3600;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const name = readParam(categoryParam, (await params).name, "decoded");
  if (!name) return { title: "Category not found" };
  return { title: `Category: ${name}`, alternates: { canonical: `/category/${encodeURIComponent(name)}` } };
}

export default async function CategoryPage({ params }: Props) {
  const name = readParam(categoryParam, (await params).name, "encoded");
  if (!name) notFound();
  const articles = await listArticlesInCategory(name);
  if (articles.length === 0) notFound();
  return (
    <div>
      <h1>Category: {name}</h1>
      <p>
        {articles.length} article{articles.length === 1 ? "" : "s"}.
      </p>
      <ArticleSummaryList articles={articles} />
    </div>
  );
}
