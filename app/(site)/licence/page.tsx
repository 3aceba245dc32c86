import type { Metadata } from "next";
import Link from "next/link";

// Prerendered by `next build`, which reads no database, so the header's A–Z bar links every letter there; once five
// minutes old the page is rendered again on a request and greys out empty letters like every other page.
export const revalidate = 300;
export const metadata: Metadata = {
  title: "Licence",
  description:
    "Attune’s text is published under CC BY-SA 4.0. What the licence lets you do, what it asks of you, how to credit an article, and how contributions are licensed.",
};

export default function LicencePage() {
  return (
    <div className="prose-page">
      <h1>Licence</h1>
      <p className="lede">
        The text of Attune is published under the{" "}
        <a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="noopener">
          Creative Commons Attribution-ShareAlike 4.0 International licence
        </a>{" "}
        (CC BY-SA 4.0). In short, you are free to reuse it, provided you give credit and keep it free for others.
      </p>

      <section aria-labelledby="allows">
        <h2 id="allows">What the licence allows</h2>
        <p>You may, without asking permission:</p>
        <ul>
          <li>
            <strong>Share</strong> — copy and redistribute Attune&apos;s text in any medium or format;
          </li>
          <li>
            <strong>Adapt</strong> — translate, summarise, remix, transform and build upon it;
          </li>
          <li>
            do both for <strong>any purpose, including commercially</strong>.
          </li>
        </ul>
      </section>

      <section aria-labelledby="requires">
        <h2 id="requires">What the licence requires</h2>
        <p>In return, when you reuse the text you must:</p>
        <ul>
          <li>
            <strong>Give attribution</strong> — credit Attune, name the article, include a link to it, and name the licence with a link to it;
          </li>
          <li>
            <strong>Indicate changes</strong> — say if you have altered the text, for example “adapted from” or “translated from”;
          </li>
          <li>
            <strong>Share alike</strong> — if you publish an adapted version, release it under CC BY-SA 4.0 or a compatible licence, so that others can reuse
            your version on the same terms.
          </li>
        </ul>
        <p>
          You may not add legal terms or technical restrictions that stop others from doing what the licence permits. The{" "}
          <a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="noopener">
            full text of CC BY-SA 4.0
          </a>{" "}
          sets out these conditions precisely.
        </p>
      </section>

      <section aria-labelledby="attribute">
        <h2 id="attribute">How to attribute an article</h2>
        <p>A short line near the reused text is enough. Give the article&apos;s title, the name Attune, the address of the article and the licence:</p>
        <blockquote>
          <p>“Jealousy”, Attune, https://attune.example/wiki/jealousy, CC BY-SA 4.0</p>
        </blockquote>
        <p>
          Use the real address of the article you are quoting. Online, make the title link to the article and “CC BY-SA 4.0” link to the licence. If you changed
          the text, say so — for instance, “Adapted from ‘Jealousy’, Attune, …”. Linking to the article also credits everyone who wrote it, because each
          article&apos;s history lists its contributors.
        </p>
      </section>

      <section aria-labelledby="contributions">
        <h2 id="contributions">Your contributions</h2>
        <p>
          When you submit a proposal — an edit or a new article — you agree to release your contribution under CC BY-SA 4.0. This is what allows Attune, and
          anyone else, to publish and build on it. You keep the credit: accepted revisions are recorded in the article&apos;s public history.
        </p>
        <p>Please submit only text you wrote yourself or are entitled to release under this licence.</p>
      </section>

      <section aria-labelledby="figures">
        <h2 id="figures">Figures and images</h2>
        <p>
          The figures on Attune are original and are published under the same CC BY-SA 4.0 licence, unless they are marked otherwise. Where a figure carries a
          different licence or credit, that marking takes precedence.
        </p>
      </section>

      <section aria-labelledby="software">
        <h2 id="software">The software</h2>
        <p>
          This licence covers Attune&apos;s text and figures. The software that runs the site is licensed separately, and CC BY-SA 4.0 does not apply to it.
        </p>
      </section>
      <section aria-labelledby="downloads">
        <h2 id="downloads">Downloading every article</h2>
        <p>
          The current text of every article is published each night as JSON Lines and as Markdown, with this licence and each article&apos;s contributors, on
          the <Link href="/dumps">downloads page</Link>.
        </p>
      </section>
    </div>
  );
}
