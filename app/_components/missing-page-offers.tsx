"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";
import { SIGNED_IN_HINT } from "@/lib/auth/paths";

const noSubscribe = () => () => {};

/** The words a reader was after, from a missing article's address: "/wiki/slow-fade" → "slow fade". */
export function wordsFromWikiPath(pathname: string): string | null {
  const match = /^\/wiki\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  const words = slug
    .replace(/[-_+]+/g, " ")
    .replace(/[^\p{L}\p{N}' ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 100);
  return /[\p{L}\p{N}]/u.test(words) ? words : null;
}

const titleCase = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

// The 404 page is cached and the same for everyone: what it offers is worked out in the browser, after load.
export function MissingPageOffers() {
  const words = useSyncExternalStore(
    noSubscribe,
    () => wordsFromWikiPath(window.location.pathname),
    () => null,
  );
  const signedIn = useSyncExternalStore(
    noSubscribe,
    () => document.cookie.split("; ").some((c) => c.startsWith(`${SIGNED_IN_HINT}=`)),
    () => false,
  );
  if (!words) return null;
  return (
    <ul className="missing-offers">
      <li>
        <Link href={`/search?q=${encodeURIComponent(words)}`}>Search for “{words}”</Link> in every article.
      </li>
      {signedIn && (
        <li>
          No article on it yet? <Link href={`/contribute/new?title=${encodeURIComponent(titleCase(words))}`}>Propose an article on “{titleCase(words)}”</Link>.
        </li>
      )}
    </ul>
  );
}
