import Link from "next/link";

export const LETTERS = "abcdefghijklmnopqrstuvwxyz".split("");

/** The A–Z bar. Every letter links; the letter pages say when a letter has no articles yet. */
export function LetterBar() {
  return (
    <nav aria-label="Browse articles A to Z" className="letter-bar">
      <ul>
        {LETTERS.map((l) => (
          <li key={l}>
            <Link href={`/browse/${l}`}>{l.toUpperCase()}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Every letter, linked where articles exist and shown disabled where none do yet. */
export function LetterIndex({ inUse, current, label }: { inUse: string[]; current?: string; label: string }) {
  return (
    <nav aria-label={label} className="letter-index">
      <ul>
        {LETTERS.map((l) => (
          <li key={l}>
            {inUse.includes(l) ? (
              <Link href={`/browse/${l}`} aria-current={l === current ? "page" : undefined}>
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
  );
}
