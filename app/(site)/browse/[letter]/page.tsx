import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { listArticlesByLetter, listLettersInUse } from "@/lib/articles/queries";
import { LETTERS } from "@/app/_components/letter-bar";

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
      <nav aria-label="Letters" className="letter-index">
        <ul>
          {LETTERS.map((l) => (
            <li key={l}>
              {inUse.includes(l) ? (
                <Link href={`/browse/${l}`} aria-current={l === letter ? "page" : undefined}>
                  {l.toUpperCase()}
                </Link>
              ) : (
                <span aria-disabled="true" title="No articles yet">
                  {l.toUpperCase()}
                </span>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {articles.length === 0 ? (
        <p>There are no articles under {letter.toUpperCase()} yet.</p>
      ) : (
        <ul className="browse-list">
          {articles.map((a) => (
            <li key={a.slug}>
              <h2>
                <Link href={`/wiki/${a.slug}`}>{a.title}</Link>
              </h2>
              <p>{a.summary}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
