// The mark of a generated article (scripts/generate-corpus.ts): its revision summary. Apart from the generator, so that
// the start-up shingle backfill can leave generated articles out without loading the generator.
export const GENERATED_CORPUS_SUMMARY = "Generated corpus";
