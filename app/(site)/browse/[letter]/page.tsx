import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listArticlesByLetter, listLettersInUse } from "@/lib/articles/queries";
import { letterParam, readParam } from "@/lib/params";
import { LetterIndex } from "@/app/_components/letter-bar";
import { ArticleSummaryList } from "@/app/_components/article-list";

export const revalidate = 3600;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ letter: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const letter = readParam(letterParam, (await params).letter.toLowerCase(), "decoded");
  if (!letter) return { title: "Page not found" };
  return { title: `Articles under ${letter.toUpperCase()}`, alternates: { canonical: `/browse/${letter}` } };
}

export default async function BrowseLetterPage({ params }: Props) {
  const letter = readParam(letterParam, (await params).letter.toLowerCase(), "encoded");
  if (!letter) notFound();
  const [articles, inUse] = await Promise.all([listArticlesByLetter(letter), listLettersInUse()]);
  return (
    <div>
      <h1>Articles under {letter.toUpperCase()}</h1>
      <LetterIndex inUse={inUse} current={letter} label="Letters" />
      {articles.length === 0 ? <p>There are no articles under {letter.toUpperCase()} yet.</p> : <ArticleSummaryList articles={articles} />}
    </div>
  );
}
