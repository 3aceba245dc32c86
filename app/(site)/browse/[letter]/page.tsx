import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listArticlesByLetter, listLettersInUse } from "@/lib/articles/queries";
import { LETTERS, LetterIndex } from "@/app/_components/letter-bar";
import { ArticleSummaryList } from "@/app/_components/article-list";

export const revalidate = 3600;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ letter: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { letter } = await params;
  return { title: `Articles under ${letter.toUpperCase()}`, alternates: { canonical: `/browse/${letter.toLowerCase()}` } };
}

export default async function BrowseLetterPage({ params }: Props) {
  const { letter: raw } = await params;
  const letter = raw.toLowerCase();
  if (!LETTERS.includes(letter)) notFound();
  const [articles, inUse] = await Promise.all([listArticlesByLetter(letter), listLettersInUse()]);
  return (
    <div>
      <h1>Articles under {letter.toUpperCase()}</h1>
      <LetterIndex inUse={inUse} current={letter} label="Letters" />
      {articles.length === 0 ? (
        <p>There are no articles under {letter.toUpperCase()} yet.</p>
      ) : (
        <ArticleSummaryList articles={articles} />
      )}
    </div>
  );
}
