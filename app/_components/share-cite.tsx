"use client";

import { useState, useSyncExternalStore } from "react";
import { citeApa, citeBibtex, citeMla, shareLinks, type CitationInput } from "@/lib/articles/cite";

type Props = { slug: string; title: string; url: string; revisionUrl: string; revisionId: number; updated: string };

const noSubscribe = () => () => {};
const todayIso = () => new Date().toISOString().slice(0, 10); // machine-readable: the citation formats write the date

function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="button-secondary"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setDone(true);
          setTimeout(() => setDone(false), 2000);
        } catch {
          window.prompt("Copy this:", text);
        }
      }}
    >
      {done ? "Copied" : label}
    </button>
  );
}

export function ShareAndCite({ slug, title, url, revisionUrl, revisionId, updated }: Props) {
  // The access date is the reader's today, not the day the cached page was rendered.
  const accessed = useSyncExternalStore(noSubscribe, todayIso, () => updated.slice(0, 10));
  const canShare = useSyncExternalStore(
    noSubscribe,
    () => typeof navigator.share === "function",
    () => false,
  );
  const input: CitationInput = {
    title,
    siteName: "Attune",
    url,
    revisionUrl,
    revisionId,
    updated: new Date(updated),
    accessed: new Date(`${accessed}T12:00:00Z`),
  };
  const links = shareLinks(url, title);
  const citations = [
    { id: "apa", label: "APA", text: citeApa(input) },
    { id: "mla", label: "MLA", text: citeMla(input) },
    { id: "bibtex", label: "BibTeX", text: citeBibtex(input, slug) },
  ];
  return (
    <>
      <section aria-labelledby="share-heading" className="share">
        <h2 id="share-heading">Share this article</h2>
        <ul className="share-links">
          <li>
            <CopyButton text={url} label="Copy link" />
          </li>
          {canShare && (
            <li>
              <button type="button" className="button-secondary" onClick={() => navigator.share({ title, url }).catch(() => {})}>
                Share…
              </button>
            </li>
          )}
          <li>
            <a href={links.x} rel="noopener noreferrer" target="_blank">
              X
            </a>
          </li>
          <li>
            <a href={links.facebook} rel="noopener noreferrer" target="_blank">
              Facebook
            </a>
          </li>
          <li>
            <a href={links.linkedin} rel="noopener noreferrer" target="_blank">
              LinkedIn
            </a>
          </li>
          <li>
            <a href={links.email}>Email</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="cite-heading" className="cite">
        <h2 id="cite-heading">Cite this article</h2>
        <p>
          These citations point at <a href={revisionUrl}>the revision you are reading</a>, so the text you cite stays available.
        </p>
        {citations.map((c) => (
          <div key={c.id} className="citation">
            <h3 id={`cite-${c.id}`}>{c.label}</h3>
            {/* Named by the heading above it; a pre may not carry aria-labelledby. It wraps, so it needs no tab stop to scroll. */}
            <pre>{c.text}</pre>
            <CopyButton text={c.text} label={`Copy ${c.label}`} />
          </div>
        ))}
      </section>
    </>
  );
}
