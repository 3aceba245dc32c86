import { isAllowedImage, type TocEntry } from "@/lib/articles/render";
import type { ArticleViewModel } from "@/lib/articles/view";
import { mediaGroupLabels, mediaGroups } from "@/lib/articles/source";
import { sourceAnchor, type CitedSource } from "@/lib/articles/citations";
import { sourceGrade } from "@/lib/articles/fields";
import { serializeJsonLd } from "@/lib/json-ld";
import { absoluteUrl } from "@/lib/site";
import { DonationBox } from "./donation-box";
import { NewsletterSignup } from "./newsletter-signup";
import { OtherNames } from "./other-names";
import { alternateNames } from "@/lib/articles/other-names";
import { ShareAndCite } from "./share-cite";
import { formatLongDate } from "@/lib/format";
import { EvidenceLine } from "./evidence-badge";
import { LinkPreviews, PreviewToggle } from "./link-previews";
import type { ReviewBadgeModel } from "@/lib/reviews/reviews";
import { ReviewBadge } from "./review-badge";
import { WatchToggle } from "./watch-toggle";

/** "In this article": collapsed above the text on narrow screens, open and sticky beside it on wide ones (CSS shows one). */
function TableOfContents({ toc, variant }: { toc: TocEntry[]; variant: "inline" | "side" }) {
  return (
    <nav aria-label="In this article" className={`toc toc--${variant}`}>
      <details open={variant === "side"}>
        <summary>In this article</summary>
        <ol>
          {toc.map((t) => (
            <li key={t.id} className={t.depth === 3 ? "toc__sub" : undefined}>
              <a href={`#${t.id}`}>{t.text}</a>
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
}

type Source = ArticleViewModel["meta"]["sources"][number];

/**
 * The sources, cited ones first in the order of their numbers (so an entry's place is its superscript's number), then
 * the rest as listed. Each keyed source is a link target (#source-<key>); a cited one links back to its first citation.
 */
function SourceList({ sources, cited }: { sources: Source[]; cited: CitedSource[] }) {
  const number = new Map(cited.map((c) => [c.key, c]));
  const ordered = [...cited.flatMap((c) => sources.filter((s) => s.key === c.key)), ...sources.filter((s) => !s.key || !number.has(s.key))];
  return (
    <section aria-labelledby="sources" className="sources">
      <h2 id="sources">Sources</h2>
      <ol>
        {ordered.map((s, i) => {
          const citation = s.key ? number.get(s.key) : undefined;
          return (
            <li key={s.key ?? `source-${i}`} id={s.key ? sourceAnchor(s.key) : undefined}>
              {citation && (
                <a href={`#${citation.firstId}`} className="source-backlink">
                  <span aria-hidden="true">↩</span>
                  <span className="visually-hidden">Back to the first citation of source {citation.number}</span>
                </a>
              )}{" "}
              {s.author} ({s.year}). <cite>{s.title}</cite>
              {s.venue ? `. ${s.venue}` : ""}.
              {s.doi && (
                <>
                  {" "}
                  <a href={`https://doi.org/${s.doi}`} rel="noopener nofollow">
                    doi:{s.doi}
                  </a>
                </>
              )}
              {s.url && !s.doi && (
                <>
                  {" "}
                  <a href={s.url} rel="noopener nofollow">
                    Link
                  </a>
                </>
              )}{" "}
              <span className={`source-grade${s.type ? "" : " source-grade--none"}`}>{sourceGrade(s)}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The article page. `preview` shows a draft as it will look, without the page furniture around it. */
/** `marks.infobox`: labels of infobox rows a proposal adds or changes (marked in the margin on the review page). */
/** `review`: the latest expert review of the article (the current page only). */
export function ArticleView({
  view,
  preview = false,
  marks,
  review,
}: {
  view: ArticleViewModel;
  preview?: boolean;
  marks?: { infobox?: string[] };
  review?: ReviewBadgeModel | null;
}) {
  const { page, meta, body, related, latest, canonicalUrl, revisionUrl, oldRevision } = view;
  const letter = page.slug.charAt(0);
  const mediaPresent = mediaGroups.filter((g) => (meta.media[g]?.length ?? 0) > 0);
  const toc = [...body.toc];
  if (mediaPresent.length > 0)
    toc.splice(toc.findIndex((t) => t.id === "faqs") === -1 ? toc.length : toc.findIndex((t) => t.id === "faqs"), 0, {
      id: "media-depictions",
      text: "Media depictions",
      depth: 2,
    });
  if (meta.sources.length > 0) toc.push({ id: "sources", text: "Sources", depth: 2 });
  const jsonLd = [
    {
      "@context": "https://schema.org",
      "@type": "Article",
      headline: meta.title,
      description: meta.summary,
      ...(alternateNames(meta.aliases).length > 0 ? { alternateName: alternateNames(meta.aliases) } : {}),
      dateModified: page.updatedAt,
      datePublished: page.createdAt,
      mainEntityOfPage: canonicalUrl,
      license: "https://creativecommons.org/licenses/by-sa/4.0/",
      publisher: { "@type": "Organization", name: "Attune" },
    },
    {
      "@context": "https://schema.org",
      "@type": "BreadcrumbList",
      itemListElement: [
        { "@type": "ListItem", position: 1, name: "Attune", item: absoluteUrl("/") },
        { "@type": "ListItem", position: 2, name: letter.toUpperCase(), item: absoluteUrl(`/browse/${letter}`) },
        { "@type": "ListItem", position: 3, name: meta.title, item: canonicalUrl },
      ],
    },
    ...(body.faqs.length > 0
      ? [
          {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            mainEntity: body.faqs.map((f) => ({ "@type": "Question", name: f.question, acceptedAnswer: { "@type": "Answer", text: f.answerText } })),
          },
        ]
      : []),
  ];

  return (
    <div className="article-layout">
      <article className="article" aria-labelledby="article-title">
        <header className="article-header">
          <p className="breadcrumbs">
            <a href="/">Attune</a> › <a href={`/browse/${letter}`}>{letter.toUpperCase()}</a> › <span>{meta.title}</span>
          </p>
          <h1 id="article-title">{meta.title}</h1>
          {!preview && (
            <p className="article-meta">
              Last updated <time dateTime={page.updatedAt}>{formatLongDate(page.updatedAt)}</time> · <a href={`/wiki/${page.slug}/history`}>History</a> ·{" "}
              <a href={`/wiki/${page.slug}/edit`}>Edit</a>
              <PreviewToggle />
            </p>
          )}
          {!preview && !oldRevision && <WatchToggle target="article" watchKey={page.slug} label="this article" />}
        </header>

        {review && !preview && !oldRevision && <ReviewBadge review={review} slug={page.slug} />}

        {oldRevision && (
          <p className="revision-banner" role="note">
            You are reading an older revision of this article, saved <time dateTime={oldRevision.createdAt}>{formatLongDate(oldRevision.createdAt)}</time>.{" "}
            <a href={`/wiki/${page.slug}`}>Read the current version</a>.
          </p>
        )}

        {meta.sensitive && (
          <aside className="notice" role="note">
            This article describes patterns that can be part of an abusive relationship. It is information, not therapy or advice. If you are worried about your
            safety or someone else&apos;s, <a href="/help">here is where to find support</a>.
          </aside>
        )}

        <div className="lead" dangerouslySetInnerHTML={{ __html: body.leadHtml }} />
        {view.evidence && <EvidenceLine evidence={view.evidence} />}
        <TableOfContents toc={toc} variant="inline" />

        <aside className="infobox" aria-label={`${meta.title} at a glance`}>
          <p className="infobox__title">{meta.title}</p>
          {meta.figure && (
            <figure className="infobox__figure">
              {isAllowedImage(meta.figure.src) ? (
                // eslint-disable-next-line @next/next/no-img-element -- figures are small local SVGs (or from IMAGE_HOSTS)
                <img src={meta.figure.src} alt={meta.figure.alt} width={320} height={200} />
              ) : (
                // From a host nobody allowed: a link, so that no reader's browser loads it unasked.
                <a href={meta.figure.src} rel="nofollow noopener" className="external-image">
                  {meta.figure.alt} (image on another site)
                </a>
              )}
              {meta.figure.caption && (
                <figcaption>
                  <strong>Figure 1.</strong> {meta.figure.caption}
                </figcaption>
              )}
            </figure>
          )}
          {/* Every row is a div around its dt and dd: a dl may hold groups or bare pairs, not both. */}
          <dl>
            <div className="infobox__row">
              <dt>Category</dt>
              <dd>
                {meta.category.map((c, i) => (
                  <span key={c}>
                    {i > 0 && ", "}
                    <a href={`/category/${encodeURIComponent(c)}`}>{c}</a>
                  </span>
                ))}
              </dd>
            </div>
            {meta.subfield.length > 0 && (
              <div className="infobox__row">
                <dt>Subfield</dt>
                <dd>{meta.subfield.join(", ")}</dd>
              </div>
            )}
            {meta.infobox.map((row) => (
              <div key={row.label} className={`infobox__row${marks?.infobox?.includes(row.label) ? " changed-block" : ""}`}>
                <dt>
                  {marks?.infobox?.includes(row.label) && <span className="visually-hidden">Changed: </span>}
                  {row.label}
                </dt>
                <dd>{row.value}</dd>
              </div>
            ))}
            {meta.sources.length > 0 && (
              <div className="infobox__row">
                <dt>Sources</dt>
                <dd>
                  {meta.sources
                    .map((s) => s.author.split(/[,&]/)[0].trim())
                    .slice(0, 4)
                    .join(", ")}
                </dd>
              </div>
            )}
          </dl>
        </aside>

        <OtherNames names={meta.aliases} />

        <div className="article-body" dangerouslySetInnerHTML={{ __html: body.html }} />

        {mediaPresent.length > 0 && (
          <section aria-labelledby="media-depictions">
            <h2 id="media-depictions">Media depictions</h2>
            {mediaPresent.map((group) => (
              <div key={group}>
                <h3>{mediaGroupLabels[group]}</h3>
                <ul>
                  {meta.media[group]!.map((m) => (
                    <li key={m.title}>
                      <cite>{m.title}</cite>
                      {m.years ? ` (${m.years})` : m.year ? ` (${m.year})` : ""}
                      {m.note ? `: ${m.note}` : ""}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        )}

        {body.faqs.length > 0 && (
          <section aria-labelledby="faqs" className="faqs">
            <h2 id="faqs">FAQs</h2>
            {body.faqs.map((f) => (
              <details key={f.id} id={f.id} open>
                <summary>{f.question}</summary>
                <div dangerouslySetInnerHTML={{ __html: f.answerHtml }} />
              </details>
            ))}
          </section>
        )}

        {meta.sources.length > 0 && <SourceList sources={meta.sources} cited={body.citations ?? []} />}
        {related.length > 0 && (
          <section aria-labelledby="related-heading" className="side-list end-list">
            <h2 id="related-heading">Related articles</h2>
            <ul>
              {related.map((a) => (
                <li key={a.slug}>
                  <a href={`/wiki/${a.slug}`}>{a.title}</a>
                </li>
              ))}
            </ul>
          </section>
        )}
        {latest.length > 0 && (
          <section aria-labelledby="latest-side-heading" className="side-list end-list">
            <h2 id="latest-side-heading">Latest articles</h2>
            <ul>
              {latest.map((a) => (
                <li key={a.slug}>
                  <a href={`/wiki/${a.slug}`}>{a.title}</a>
                  <p>{a.summary}</p>
                </li>
              ))}
            </ul>
          </section>
        )}
        {!preview && (
          <ShareAndCite
            slug={page.slug}
            title={meta.title}
            url={canonicalUrl}
            revisionUrl={revisionUrl}
            revisionId={page.revisionId}
            updated={oldRevision?.createdAt ?? page.updatedAt}
          />
        )}
        {!preview && <LinkPreviews currentSlug={page.slug} />}
        {!oldRevision && !preview && <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(jsonLd) }} />}
      </article>

      {/* The contents box comes last so that, sticky on wide screens, nothing scrolls underneath it. */}
      <aside className="article-sidebar">
        {!preview && <DonationBox />}
        {!preview && <NewsletterSignup source="article" />}
        <TableOfContents toc={toc} variant="side" />
      </aside>
    </div>
  );
}
