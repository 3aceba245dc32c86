import Link from "next/link";
import { MissingPageOffers } from "./_components/missing-page-offers";

export default function NotFound() {
  return (
    <div className="message-page">
      <h1>Page not found</h1>
      <p>There is no article or page at this address. It may have been renamed, or the link may have a typo.</p>
      <MissingPageOffers />
      <form action="/search" method="get" role="search" className="big-search">
        <label htmlFor="nf-q">Search the encyclopedia instead</label>
        <div>
          <input id="nf-q" name="q" type="search" maxLength={200} />
          <button type="submit">Search</button>
        </div>
      </form>
      <p>
        Or <Link href="/browse/a">browse every article from A to Z</Link>, or go to the <Link href="/">home page</Link>.
      </p>
    </div>
  );
}
