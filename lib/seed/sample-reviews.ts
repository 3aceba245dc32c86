// Development only: a sample expert account and sample reviews, so a developer sees the review badge, the history
// entries and the re-review queue without granting a profile first. Never in a production seed (nor in tests unless
// asked): every name and note says it is a sample, and the profile is marked `sample`.
import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Tx } from "../db/client";
import { articleReviews, articles, expertProfiles, users } from "../db/schema";
import type { Env } from "../env";

export const SAMPLE_EXPERT = {
  id: "sample-expert",
  // Signing in with this address in the development outbox opens the sample expert's account.
  email: "sample-expert@attune.localhost",
  displayName: "Sample Expert (development only)",
  credential: "Sample account — not a real reviewer",
  field: "Relationship psychology (sample)",
};

/** Whether a seed adds the sample expert and reviews: in development only (`npm run dev`, or db:seed without NODE_ENV). */
export function wantsSampleReviews(e: Pick<Env, "NODE_ENV">): boolean {
  return e.NODE_ENV === "development";
}

const SAMPLE = "Sample review for development: nobody has checked this text.";

/** Seed articles and what a real review of each would look at, in an expert editor's words. */
const notes: Record<string, string> = {
  "attachment-styles": `${SAMPLE} A real review would check that continuity from infancy is called modest and variable, and that interview and questionnaire measures are not presented as the same thing.`,
  "secure-attachment": `${SAMPLE} A real review would check that security is described as a dimension with room for change, not a fixed type.`,
  "anxious-attachment": `${SAMPLE} A real review would check the self-report measures named and that no sentence reads as a diagnosis.`,
  "avoidant-attachment": `${SAMPLE} A real review would check the studies the text names against the source list (Simpson 1990; Mikulincer and colleagues 2004).`,
  "four-horsemen": `${SAMPLE} A real review would check that the prediction claims carry their published critiques (Heyman and Slep 2001).`,
  stonewalling: `${SAMPLE} A real review would check the physiological-flooding claims against the observational studies cited.`,
  "honeymoon-phase": `${SAMPLE} A real review would check that the stability finding is attributed to the right 1996 paper.`,
  limerence: `${SAMPLE} A real review would check that limerence is kept apart from passionate love, which the text says is a different construct.`,
  ghosting: `${SAMPLE} A real review would check that survey prevalence figures name their samples and years.`,
  gaslighting: `${SAMPLE} A real review would check the account of the play and that the clinical use of the term is not overstated.`,
  "coercive-control": `${SAMPLE} A real review would check the legal descriptions by jurisdiction and the support information for readers at risk.`,
  jealousy: `${SAMPLE} A real review would check that the evolutionary sex-difference findings are given with their methodological debate.`,
};

/** Adds the sample expert and their reviews of the seed articles' first editions (inside the seed's transaction). */
export async function seedSampleReviews(tx: Tx): Promise<number> {
  await tx
    .insert(users)
    .values({ id: SAMPLE_EXPERT.id, email: SAMPLE_EXPERT.email, displayName: SAMPLE_EXPERT.displayName, role: "contributor" })
    .onConflictDoNothing();
  await tx
    .insert(expertProfiles)
    .values({
      userId: SAMPLE_EXPERT.id,
      displayName: SAMPLE_EXPERT.displayName,
      credential: SAMPLE_EXPERT.credential,
      field: SAMPLE_EXPERT.field,
      sample: true,
    })
    .onConflictDoNothing();
  const targets = await tx
    .select({ id: articles.id, slug: articles.slug, revisionId: articles.currentRevisionId })
    .from(articles)
    .where(inArray(articles.slug, Object.keys(notes)));
  const rows = targets.flatMap((a) =>
    a.revisionId === null
      ? []
      : [
          {
            articleId: a.id,
            revisionId: a.revisionId,
            reviewerId: SAMPLE_EXPERT.id,
            reviewerName: SAMPLE_EXPERT.displayName,
            credential: SAMPLE_EXPERT.credential,
            note: notes[a.slug] ?? SAMPLE,
          },
        ],
  );
  if (rows.length > 0) await tx.insert(articleReviews).values(rows);
  return rows.length;
}

/** Whether a database holds any sample expert content (for tests and checks). */
export async function hasSampleExpert(tx: Tx): Promise<boolean> {
  const [row] = await tx.select({ id: expertProfiles.userId }).from(expertProfiles).where(eq(expertProfiles.sample, true)).limit(1);
  return Boolean(row);
}
