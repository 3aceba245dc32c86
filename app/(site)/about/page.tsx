import type { Metadata } from "next";
import Link from "next/link";

// Prerendered by `next build`, which reads no database, so the header's A–Z bar links every letter there; once five
// minutes old the page is rendered again on a request and greys out empty letters like every other page.
export const revalidate = 300;
export const metadata: Metadata = {
  title: "About",
  description:
    "What Attune is, how its articles are written and reviewed, the editorial standards they follow, how the project is funded, and how its text is licensed.",
};

export default function AboutPage() {
  return (
    <div className="prose-page">
      <h1>About Attune</h1>
      <p className="lede">
        Attune is an open-access encyclopedia of relationship and dating psychology. It explains the ideas people use to make sense of attraction, attachment,
        conflict and breakups — what each term means, where it comes from, and what the evidence does and does not say.
      </p>

      <section aria-labelledby="what">
        <h2 id="what">What Attune is</h2>
        <p>
          Words such as “attachment style”, “love bombing” and “ghosting” travel quickly, and they often lose their meaning on the way. Attune gathers them in
          one place and describes each one carefully: its origin, how researchers define and measure it (if they do), how it is used in everyday conversation,
          and where the two differ.
        </p>
        <p>
          Every article is free to read, with no account, no paywall and no advertising. The aim is to be the page you would want a friend to find when they are
          trying to understand what is happening in a relationship.
        </p>
      </section>

      <section aria-labelledby="how-written">
        <h2 id="how-written">How articles are written</h2>
        <p>Attune is written by its readers. Anyone who is signed in may propose an edit to an existing article or suggest a new one.</p>
        <p>
          No proposal goes live on its own. Each one waits for a moderator, who reviews it as a diff — the exact words added, changed or removed — and then
          accepts it, asks for changes or declines it. This keeps the encyclopedia open to everyone while making sure every change has been read by someone
          accountable for it.
        </p>
        <p>
          Accepted revisions are kept in a public history. On any article you can follow the <strong>History</strong> link to see how the text has changed over
          time and who contributed each version.
        </p>
      </section>

      <section aria-labelledby="standards">
        <h2 id="standards">Editorial standards</h2>
        <p>Moderators review every proposal against the same standards:</p>
        <ul>
          <li>
            <strong>Neutral.</strong> Articles describe ideas and the debate around them fairly. They do not take sides in a reader&apos;s relationship, and
            they do not tell anyone what to do.
          </li>
          <li>
            <strong>Sourced.</strong> Factual claims, and especially claims about research findings, are supported by citations a reader can check. Where the
            evidence is thin, mixed or disputed, the article says so.
          </li>
          <li>
            <strong>Clear about status.</strong> Many relationship terms began on social media, in self-help books or in therapy rooms rather than in research.
            When a term is popular usage rather than an established research construct, the article says this plainly, and keeps what people mean by it separate
            from what studies have tested.
          </li>
          <li>
            <strong>Careful about biology.</strong> Claims about hormones, brain chemistry, evolution or genetics are easy to overstate. Such claims need strong
            sources, are worded no more confidently than the evidence allows, and are not used to explain away individual behaviour.
          </li>
        </ul>
      </section>

      <section aria-labelledby="not-therapy">
        <h2 id="not-therapy">Information, not therapy</h2>
        <p>
          Attune offers information, not therapy, diagnosis or crisis support. An article can help you put words to an experience, but it cannot assess your
          situation. If you are worried about your own relationship or someone else&apos;s, our <Link href="/help">guide to finding support</Link> lists
          long-established helplines and explains how to find a qualified professional.
        </p>
      </section>

      <section aria-labelledby="funding">
        <h2 id="funding">How Attune is funded</h2>
        <p>
          Attune is funded by contributions from its readers. There are no advertisers, sponsors or paid placements, and nobody can pay to change what an
          article says. Donations keep the site running and free to read for everyone.
        </p>
      </section>

      <section aria-labelledby="licence">
        <h2 id="licence">Reusing Attune&apos;s text</h2>
        <p>
          The text of Attune is published under the Creative Commons Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0). You may share and adapt
          it, including commercially, as long as you credit Attune and release your version under the same terms. Our <Link href="/licence">licence page</Link>{" "}
          explains what this means and how to give credit.
        </p>
      </section>
    </div>
  );
}
