// The licence and attribution files that travel with every dump: CC BY-SA 4.0 asks for credit, a link to the
// licence and a note of changes, so each article's contributors are named by display name.

export const LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/";
export const LICENCE_LEGAL_CODE_URL = "https://creativecommons.org/licenses/by-sa/4.0/legalcode";

/** The LICENCE file: the official human-readable summary of CC BY-SA 4.0 with links to the legal code. */
export function licenceText(siteName: string, siteUrl: string): string {
  return `${siteName} articles — licence

The text of every article in this archive is published by ${siteName} (${siteUrl}) under the
Creative Commons Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0).

This is a human-readable summary of (and not a substitute for) the licence:
${LICENCE_URL}
The full legal code is at:
${LICENCE_LEGAL_CODE_URL}

You are free to:
  Share — copy and redistribute the material in any medium or format for any purpose, even commercially.
  Adapt — remix, transform, and build upon the material for any purpose, even commercially.
  The licensor cannot revoke these freedoms as long as you follow the licence terms.

Under the following terms:
  Attribution — You must give appropriate credit, provide a link to the licence, and indicate if changes
  were made. You may do so in any reasonable manner, but not in any way that suggests the licensor
  endorses you or your use.
  ShareAlike — If you remix, transform, or build upon the material, you must distribute your
  contributions under the same licence as the original.
  No additional restrictions — You may not apply legal terms or technological measures that legally
  restrict others from doing anything the licence permits.

Notices:
  You do not have to comply with the licence for elements of the material in the public domain or where
  your use is permitted by an applicable exception or limitation.
  No warranties are given. The licence may not give you all of the permissions necessary for your
  intended use. For example, other rights such as publicity, privacy, or moral rights may limit how you
  use the material.

How to credit an article: name the article, "${siteName}", link to the article
(${siteUrl}/wiki/<slug>), name the licence (CC BY-SA 4.0) with a link to it, and say whether you
changed the text. Each article's contributors are listed in ATTRIBUTION.
`;
}

/** The head of the ATTRIBUTION file; one block per article follows it. */
export function attributionHeader(siteName: string, siteUrl: string, created: string): string {
  return `${siteName} articles — attribution

Each article below is followed by its contributors (by display name, in the order they first
contributed), from the article's revision history at ${created}. Accounts that were deleted are shown
as "former contributor". Full histories: ${siteUrl}/wiki/<slug>/history

`;
}

/** One article's block in ATTRIBUTION. */
export function attributionBlock(article: { slug: string; title: string }, contributors: string[], siteUrl: string): string {
  return `${article.title} — ${siteUrl}/wiki/${article.slug}\n${contributors.map((c) => `  ${c}`).join("\n")}\n\n`;
}
