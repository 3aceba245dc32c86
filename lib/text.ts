// Characters no form field may carry: PostgreSQL refuses NUL in text, and control characters, unpaired surrogates
// (not valid Unicode) and U+FFFD (what a broken encoding decodes to) are never meant. Refused in plain words.

export type UnsafeCharacter = { line: number; description: string };

/** The first character a text must not contain, with its line, or null. */
export function findUnsafeCharacter(text: string): UnsafeCharacter | null {
  // C0 controls other than tab, line feed and carriage return; DEL; U+FFFD; a lone surrogate half.
  const match = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  if (!match) return null;
  const line = text.slice(0, match.index).split("\n").length;
  const ch = match[0];
  const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  const description =
    ch === "\u0000"
      ? "a NUL character (U+0000), which is invisible"
      : ch === "\uFFFD"
        ? "a character that could not be read (U+FFFD, shown as �): the text was pasted or sent in a broken encoding"
        : ch >= "\uD800" && ch <= "\uDFFF"
          ? `half of a character (${code}) that is not valid text`
          : `an invisible control character (${code})`;
  return { line, description };
}

/** A sentence for a field that holds such a character. */
export function unsafeCharacterMessage(found: UnsafeCharacter, multiline: boolean): string {
  return `This contains ${found.description}${multiline ? ` at line ${found.line}` : ""}. Remove it and try again.`;
}

/**
 * `text` without any of `chars` at its end. A loop, because the regex way (/[ \t]+$/, /\n+$/) backtracks on a long
 * run of those characters followed by something else: quadratic on untrusted text.
 */
export function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}
