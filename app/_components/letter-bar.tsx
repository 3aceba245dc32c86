import Link from "next/link";

export const LETTERS = "abcdefghijklmnopqrstuvwxyz".split("");

/** The A–Z bar. Every letter links; the letter pages say when a letter has no articles yet. */
export function LetterBar({ current }: { current?: string }) {
  return (
    <nav aria-label="Browse articles A to Z" className="letter-bar">
      <ul>
        {LETTERS.map((l) => (
          <li key={l}>
            <Link href={`/browse/${l}`} aria-current={current === l ? "page" : undefined}>
              {l.toUpperCase()}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
