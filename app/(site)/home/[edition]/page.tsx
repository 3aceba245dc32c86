import Link from "next/link";
import { notFound } from "next/navigation";
import { getFeaturedArticle, listCategories, listLatestArticles } from "@/lib/articles/queries";
import { dayNumber } from "@/lib/articles/view";
import { ArticleList } from "@/app/_components/article-list";

// "/" is rewritten here (next.config.ts) so that the home page, like an article, is rendered on its
// first request and cached, instead of being prerendered from the database at build time.
export const revalidate = 3600;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}
export const metadata = { alternates: { canonical: "/" } };

export default async function HomePage({ params }: { params: Promise<{ edition: string }> }) {
  // Only "/" is rewritten here (as "index"): any other /home/… is not a page.
  if ((await params).edition !== "index") notFound();
  const [latest, categories, featured] = await Promise.all([listLatestArticles(8), listCategories(), getFeaturedArticle(dayNumber())]);
  return (
    <div className="home">
      <section className="home-intro">
        <h1>Attune</h1>
        <p className="lede">
          An open encyclopedia of relationship and dating psychology — attachment, jealousy, ghosting, love bombing and the research behind them, written and
          reviewed by editors.
        </p>
        {/* The page's one search box: the header's is hidden here (globals.css). */}
        <form action="/search" method="get" role="search" className="big-search">
          <label htmlFor="home-q">Search the encyclopedia</label>
          <div>
            <input id="home-q" name="q" type="search" placeholder="e.g. push pull, limerence" maxLength={200} />
            <button type="submit">Search</button>
          </div>
        </form>
      </section>
      {featured && (
        <section aria-labelledby="featured-heading" className="featured">
          <h2 id="featured-heading">Featured article</h2>
          <h3>
            <Link href={`/wiki/${featured.slug}`}>{featured.title}</Link>
          </h3>
          <p>{featured.summary}</p>
        </section>
      )}
      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">Latest articles</h2>
        <ArticleList articles={latest} />
      </section>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading">Browse by category</h2>
        <ul className="chips">
          {categories.map((c) => (
            <li key={c.name}>
              <Link href={`/category/${encodeURIComponent(c.name)}`}>
                {c.name} <span className="count">({c.count})</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
