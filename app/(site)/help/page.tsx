import type { Metadata } from "next";
import Link from "next/link";

// Prerendered by `next build`, which reads no database, so the header's A–Z bar links every letter there; once five
// minutes old the page is rendered again on a request and greys out empty letters like every other page.
export const revalidate = 300;
export const metadata: Metadata = {
  title: "Find support",
  description:
    "Where to turn if you are worried about an abusive or controlling relationship, your own or someone else’s: emergency numbers, long-established helplines and finding a therapist.",
};

export default function HelpPage() {
  return (
    <div className="prose-page">
      <h1>Find support</h1>
      <p className="lede">
        If something you have read here has made you think about your own relationship, or someone else&apos;s, you are not alone, and you do not have to be
        certain before you talk to someone. The services below are there for people who are unsure, too.
      </p>
      <p>
        Attune is an encyclopedia. It offers information, not therapy or crisis support, and it cannot advise you about your own situation. The people listed on
        this page can.
      </p>

      <section aria-labelledby="danger">
        <h2 id="danger">If you are in immediate danger</h2>
        <p>Call your local emergency services:</p>
        <ul>
          <li>
            <strong>112</strong> in the European Union
          </li>
          <li>
            <strong>999</strong> in the United Kingdom
          </li>
          <li>
            <strong>911</strong> in the United States and Canada
          </li>
        </ul>
      </section>

      <section aria-labelledby="helplines">
        <h2 id="helplines">Helplines</h2>
        <p>
          These are well-known, long-established services for people experiencing domestic abuse, and for friends and family who are worried about them. You can
          call to talk things through, even if you are not ready to do anything.
        </p>

        <h3>United States</h3>
        <p>
          Call the <strong>National Domestic Violence Hotline</strong> on <a href="tel:+18007997233">1-800-799-7233</a>, or visit{" "}
          <a href="https://www.thehotline.org/" rel="noopener">
            thehotline.org
          </a>
          .
        </p>

        <h3>United Kingdom</h3>
        <p>
          Call the <strong>National Domestic Abuse Helpline</strong>, run by Refuge, on <a href="tel:08082000247">0808 2000 247</a>, or visit{" "}
          <a href="https://www.nationaldahelpline.org.uk/" rel="noopener">
            nationaldahelpline.org.uk
          </a>
          .
        </p>

        <h3>Australia</h3>
        <p>
          Call <strong>1800RESPECT</strong> on <a href="tel:1800737732">1800 737 732</a>, or visit{" "}
          <a href="https://www.1800respect.org.au/" rel="noopener">
            1800respect.org.au
          </a>
          .
        </p>

        <h3>Canada</h3>
        <p>
          Support is organised by province and territory. Provincial and territorial crisis lines are listed in the Government of Canada&apos;s family violence
          resources.
        </p>

        <h3>Elsewhere</h3>
        <p>
          Local domestic-violence organisations can tell you what help is available where you live. A doctor or a licensed therapist is also a good,
          confidential place to start.
        </p>
      </section>

      <section aria-labelledby="privacy">
        <h2 id="privacy">Keeping your browsing private</h2>
        <p>
          If you share a device, or someone else may check it, they may be able to see the pages you have visited. A private window — called Incognito in Chrome
          and InPrivate in Edge — does not keep a record of your history on that device once you close it. You can usually open one from the browser&apos;s
          menu, or with <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>N</kbd> (Chrome, Edge) or <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>P</kbd> (Firefox); on a Mac, use{" "}
          <kbd>Cmd</kbd> instead of <kbd>Ctrl</kbd>.
        </p>
        <p>
          A private window does not hide your activity from monitoring software installed on the device, or from whoever runs the network you are using. If you
          are concerned about that, a device the other person cannot access — a trusted friend&apos;s phone, or a computer at a library or at work — is safer.
        </p>
      </section>

      <section aria-labelledby="someone-else">
        <h2 id="someone-else">Talking to someone you&apos;re worried about</h2>
        <p>If you think a friend or family member is being hurt or controlled, your steady presence can matter more than finding the right words.</p>
        <ul>
          <li>
            <strong>Listen.</strong> Choose a private moment, let them talk, and try not to interrupt or rush to solutions.
          </li>
          <li>
            <strong>Believe them.</strong> Tell them that you believe them and that it is not their fault. People are often doubted, or doubt themselves, and
            being believed helps.
          </li>
          <li>
            <strong>Don&apos;t pressure them.</strong> Leaving, or deciding what to do next, is their choice, and it can take time. Ultimatums or criticism of
            their partner can push them away, when staying in touch is what helps most.
          </li>
          <li>
            <strong>Put safety first.</strong> Leaving an abusive relationship can be a time of increased risk. The helplines above also advise friends and
            family, and can help you both think about safety.
          </li>
        </ul>
      </section>

      <section aria-labelledby="therapist">
        <h2 id="therapist">Finding a therapist</h2>
        <p>
          A licensed professional — a psychologist, counsellor, psychotherapist or clinical social worker, registered with the relevant body where you live —
          can help you make sense of what has happened and decide what you want. It is reasonable to ask a therapist about their experience with relationship
          abuse before you begin.
        </p>
        <p>
          Couples therapy is not usually the right starting point when there is abuse or coercive control, and many domestic-abuse services advise against it.
          Joint sessions assume both partners can speak freely; where one controls the other, that may not be safe, and what is said in the room can have
          consequences at home. Many services suggest individual support first.
        </p>
      </section>

      <section aria-labelledby="evidence">
        <h2 id="evidence">How well supported is what you read here?</h2>
        <p>
          Under the opening of each article, a short line says what kind of sources its claims rest on, from pooled studies to journalism.{" "}
          <Link href="/help/evidence">How we grade evidence</Link> explains each kind of source and each badge.
        </p>
      </section>

      <section aria-labelledby="related">
        <h2 id="related">Related articles</h2>
        <ul>
          <li>
            <Link href="/wiki/coercive-control">Coercive control</Link>
          </li>
          <li>
            <Link href="/wiki/gaslighting">Gaslighting</Link>
          </li>
          <li>
            <Link href="/wiki/love-bombing">Love bombing</Link>
          </li>
          <li>
            <Link href="/wiki/trauma-bonding">Trauma bonding</Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
