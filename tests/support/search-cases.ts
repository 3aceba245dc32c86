// The search and type-ahead ranking cases every database must pass: the 32 seed articles alone (tests/db/search.test.ts,
// tests/db/suggest.test.ts) and the seed articles among a generated corpus (tests/db/search-corpus.test.ts).
export type RankingCase = { why: string; query: string; first: string };

export const searchRankingCases: RankingCase[] = [
  { why: "an alias finds its article first", query: "push pull", first: "anxious-avoidant-relationship" },
  { why: "a misspelt alias (trigram similarity on other names)", query: "frubbel", first: "compersion" },
  { why: "a misspelt title", query: "jelousy", first: "jealousy" },
  { why: "another misspelt title", query: "limerance", first: "limerence" },
  { why: "the title before articles that only mention the word", query: "ghosting", first: "ghosting" },
  { why: "a title before body matches of a common word", query: "limerence", first: "limerence" },
];

export const suggestRankingCases: RankingCase[] = [
  { why: "a title prefix", query: "Secure Att", first: "secure-attachment" },
  { why: "another name's prefix", query: "securely att", first: "secure-attachment" },
  { why: "a misspelt title", query: "jelousy", first: "jealousy" },
];
