import type { Metadata } from "next";
import Link from "next/link";
import { evidenceLevelKeys, evidenceLevels, evidenceTierKeys, evidenceTiers } from "@/lib/articles/evidence";
import { sourceTypes, UNGRADED_LABEL } from "@/lib/articles/fields";
import { EvidenceBadge } from "@/app/_components/evidence-badge";

// Reads no database: prerendered, then refreshed like the other help pages.
export const revalidate = 300;
export const metadata: Metadata = {
  title: "How we grade evidence",
  description:
    "What the evidence line under each Attune article means: the kinds of source, how they are grouped, what each badge says, and why a source not yet graded is not weak evidence.",
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export default function EvidenceLegendPage() {
  return (
    <div className="prose-page">
      <h1>How we grade evidence</h1>
      <p className="lede">
        Under the opening paragraph of each article is a short line saying what kind of sources its claims rest on, with a badge such as “Well researched” or
        “Little research”. This page explains how that line is worked out.
      </p>

      <section aria-labelledby="computed">
        <h2 id="computed">The site computes it; the author does not write it</h2>
        <p>
          Every claim in an article can cite its sources, and every source can be given a type: a meta-analysis, a survey, a book for general readers, and so
          on. The evidence line is computed from those citations each time an article is published. It counts only sources the text actually cites, and a source
          weighs as much as the number of paragraphs or answers that rest on it, so a study cited once does not outweigh a magazine piece cited in every
          paragraph, nor the other way round.
        </p>
        <p>
          Some articles also have a “Research status” row in the box beside the text. That row is the author&apos;s own words. The evidence line is the
          site&apos;s computation from the sources, and the two can differ.
        </p>
      </section>

      <section aria-labelledby="ungraded">
        <h2 id="ungraded">“Not yet graded” is not “weak”</h2>
        <p>
          A source whose type nobody has recorded yet is shown as “{UNGRADED_LABEL}”. It counts as unknown, never as weak evidence: it may well be a large,
          careful study. The line leaves such sources out of its judgement and says how many there are. When most of an article&apos;s claims rest on sources
          not yet graded, the article is marked “Not yet graded” instead of being judged on the few that are.
        </p>
      </section>

      <section aria-labelledby="levels">
        <h2 id="levels">The badges</h2>
        <dl className="legend-list">
          {evidenceLevelKeys.map((level) => (
            <div key={level}>
              <dt>
                <EvidenceBadge level={level} />
              </dt>
              <dd>{capitalise(evidenceLevels[level].means)}.</dd>
            </div>
          ))}
        </dl>
        <p>
          You will see the same badge beside articles in category and A–Z lists and in search results, and in the preview that appears when you hover over a
          link to another article.
        </p>
      </section>

      <section aria-labelledby="kinds">
        <h2 id="kinds">Kinds of source, from the strongest footing to the weakest</h2>
        <p>
          Research that pools many studies, or that tests or follows the same people, can say more about what is true of people in general than a single
          snapshot; writing that is not a study — however expert — tells you what someone thinks or advises, not what was found.
        </p>
        {evidenceTierKeys.map((tier) => (
          <section key={tier} aria-labelledby={`tier-${tier}`}>
            <h3 id={`tier-${tier}`}>{evidenceTiers[tier].label}</h3>
            <p>
              {capitalise(evidenceTiers[tier].means)}. {evidenceTiers[tier].research ? "This is research." : "This is not research in itself."}
            </p>
            <dl className="legend-list">
              {evidenceTiers[tier].types.map((type) => (
                <div key={type}>
                  <dt>{sourceTypes[type].label}</dt>
                  <dd>{capitalise(sourceTypes[type].means)}.</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <p>
          A clinical guideline is listed with expert writing: it is a professional body&apos;s considered advice, usually built on research, but it is not
          itself a study.
        </p>
      </section>

      <section aria-labelledby="help-improve">
        <h2 id="help-improve">Helping to improve it</h2>
        <p>
          Anyone can propose an edit that gives a source its type or ties a claim to a source; a moderator reviews every change. See{" "}
          <Link href="/about">about Attune</Link> for how editing works.
        </p>
      </section>
    </div>
  );
}
