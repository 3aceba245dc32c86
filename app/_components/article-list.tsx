import type { ArticleCard } from "@/lib/articles/queries";
import { EvidenceBadge } from "./evidence-badge";

export function ArticleList({ articles }: { articles: ArticleCard[] }) {
  if (articles.length === 0) return <p>No articles yet.</p>;
  return (
    <ul className="article-list">
      {articles.map((a) => (
        <li key={a.slug}>
          <a href={`/wiki/${a.slug}`}>{a.title}</a>
          <p>{a.summary}</p>
        </li>
      ))}
    </ul>
  );
}

/** A full-width list of articles with their summaries (letter and category pages). */
export function ArticleSummaryList({ articles }: { articles: ArticleCard[] }) {
  return (
    <ul className="browse-list">
      {articles.map((a) => (
        <li key={a.slug}>
          <h2>
            <a href={`/wiki/${a.slug}`}>{a.title}</a>
          </h2>
          <p>
            <EvidenceBadge level={a.evidenceLevel} /> {a.summary}
          </p>
        </li>
      ))}
    </ul>
  );
}
