"use client";

import Link from "next/link";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="message-page" role="alert">
      <h1>Something went wrong on our side</h1>
      <p>We could not show this page just now. Nothing you entered has been lost. Please try again in a moment.</p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>{" "}
        or go to the <Link href="/">home page</Link>.
      </p>
    </div>
  );
}
