import { listLettersInUse } from "@/lib/articles/queries";
import { env } from "@/lib/env";

export const LETTERS = "abcdefghijklmnopqrstuvwxyz".split("");

/** One letter: a link where articles exist, greyed out (and not a link) where none do yet. */
function Letter({ letter, linked, current }: { letter: string; linked: boolean; current?: string }) {
  return linked ? (
    <a href={`/browse/${letter}`} aria-current={letter === current ? "page" : undefined}>
      {letter.toUpperCase()}
    </a>
  ) : (
    <span aria-disabled="true" title="No articles yet">
      {letter.toUpperCase()}
    </span>
  );
}

/**
 * The header's A–Z bar, one row (scrolled sideways on a phone). It greys out empty letters as the letter pages do.
 * `next build` reads no database (DESIGN §5): pages prerendered there link every letter until they are next rendered.
 */
export async function LetterBar() {
  // The bar is on every page, error pages included: if the list cannot be read, it links every letter rather than fail them.
  const inUse = env().NEXT_PHASE === "phase-production-build" ? LETTERS : await listLettersInUse().catch(() => LETTERS);
  return (
    <nav aria-label="Browse articles A to Z" className="letter-bar">
      <ul>
        {LETTERS.map((l) => (
          <li key={l}>
            <Letter letter={l} linked={inUse.includes(l)} />
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
            <Letter letter={l} linked={inUse.includes(l)} current={current} />
          </li>
        ))}
      </ul>
    </nav>
  );
}
