// The two paginated listings, letter and category: one component each for page 1 (its route) and the pages after it.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { categoryChangesPath } from "@/lib/articles/change-feeds";
import { listArticlesByLetter, listArticlesInCategory, listLettersInUse } from "@/lib/articles/queries";
import { formatCount } from "@/lib/format";
import { categoryParam, letterParam, readParam, type ParamForm } from "@/lib/params";
import { ArticleSummaryList } from "./article-list";
import { LetterIndex } from "./letter-bar";
import { Pager } from "./pager";
import { WatchToggle } from "./watch-toggle";

const readLetter = (value: string, form: ParamForm) => readParam(letterParam, value.toLowerCase(), form);
export const letterHref = (letter: string) => (page: number) => (page === 1 ? `/browse/${letter}` : `/browse/${letter}/${page}`);

export function letterMetadata(param: string, page = 1): Metadata {
  const letter = readLetter(param, "decoded");
  if (!letter) return { title: "Page not found" };
  const suffix = page > 1 ? ` (page ${page})` : "";
  return { title: `Articles under ${letter.toUpperCase()}${suffix}`, alternates: { canonical: letterHref(letter)(page) } };
}

/** One page of the A–Z listing (browse/[letter] is page 1; browse/[letter]/[page] the others). */
export async function LetterListing({ param, page = 1 }: { param: string; page?: number }) {
  const letter = readLetter(param, "encoded");
  if (!letter) notFound();
  const [listing, inUse] = await Promise.all([listArticlesByLetter(letter, page), listLettersInUse()]);
  if (page > listing.pages) notFound();
  const shown = letter.toUpperCase();
  return (
    <div>
      <h1>
        Articles under {shown}
        {page > 1 && <span className="page-number"> · page {page}</span>}
      </h1>
      <LetterIndex inUse={inUse} current={letter} label="Letters" />
      {listing.total === 0 ? (
        <p>There are no articles under {shown} yet.</p>
      ) : (
        <>
          <p>{formatCount(listing.total, "article")}.</p>
          <ArticleSummaryList articles={listing.cards} />
          <Pager page={page} pages={listing.pages} href={letterHref(letter)} label={`Pages of articles under ${shown}`} />
        </>
      )}
    </div>
  );
}

export const categoryHref = (name: string) => (page: number) => `/category/${encodeURIComponent(name)}${page === 1 ? "" : `/${page}`}`;

export function categoryMetadata(param: string, page = 1): Metadata {
  const name = readParam(categoryParam, param, "decoded");
  if (!name) return { title: "Category not found" };
  const suffix = page > 1 ? ` (page ${page})` : "";
  return {
    title: `Category: ${name}${suffix}`,
    alternates: {
      canonical: categoryHref(name)(page),
      types: { "application/atom+xml": [{ url: categoryChangesPath(name), title: `Approved changes in ${name}` }] },
    },
  };
}

/** One page of a category (category/[name] is page 1; category/[name]/[page] the others). */
export async function CategoryListing({ param, page = 1 }: { param: string; page?: number }) {
  const name = readParam(categoryParam, param, "encoded");
  if (!name) notFound();
  const listing = await listArticlesInCategory(name, page);
  if (listing.total === 0 || page > listing.pages) notFound();
  return (
    <div>
      <h1>
        Category: {name}
        {page > 1 && <span className="page-number"> · page {page}</span>}
      </h1>
      <p>{formatCount(listing.total, "article")}.</p>
      <WatchToggle target="category" watchKey={name} label={`the category ${name}`} />
      <ArticleSummaryList articles={listing.cards} />
      <Pager page={page} pages={listing.pages} href={categoryHref(name)} label={`Pages of the category ${name}`} />
    </div>
  );
}
