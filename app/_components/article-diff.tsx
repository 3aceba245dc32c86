// The structured diff of two article versions (lib/moderation/structured-diff.ts), for the review page, a
// contributor's own proposal and history's comparisons. Every change is announced in words ("deleted",
// "inserted"), not colour alone; each is a [data-change] stop for the next/previous buttons and j/k.
import type { ReactNode } from "react";
import { mediaGroupLabels, sourceParts, sourceTypeLabel, termTypeLabels, type OtherName } from "@/lib/articles/fields";
import type { DiffPart, TextDiff } from "@/lib/moderation/diff";
import { fieldAnchor, sectionAnchor, type ArticleDiff, type FieldChange, type ParagraphChange, type SectionChange } from "@/lib/moderation/structured-diff";
import { ChangeNav } from "./change-nav";
import { DiffView } from "./diff-view";

const Del = ({ children }: { children: ReactNode }) => (
  <del>
    <span className="visually-hidden">deleted: </span>
    {children}
  </del>
);
const Ins = ({ children }: { children: ReactNode }) => (
  <ins>
    <span className="visually-hidden">inserted: </span>
    {children}
  </ins>
);

export function Runs({ runs }: { runs: DiffPart[] }) {
  return (
    <>
      {runs.map((r, i) =>
        r.kind === "added" ? <Ins key={i}>{r.text}</Ins> : r.kind === "removed" ? <Del key={i}>{r.text}</Del> : <span key={i}>{r.text}</span>,
      )}
    </>
  );
}

const Chips = ({ items, as }: { items: string[]; as: "added" | "removed" | "same" }) => (
  <>
    {items.map((item) => (
      <span key={`${as}-${item}`} className={`chip chip--${as}`}>
        {as === "added" ? <Ins>{item}</Ins> : as === "removed" ? <Del>{item}</Del> : item}
      </span>
    ))}
  </>
);

/** "lovebombing (popular term)", or the name alone when it has no kind. */
const termText = (n: OtherName) => (n.type ? `${n.name} (${termTypeLabels[n.type].inline})` : n.name);
const kindText = (type: OtherName["type"]) => (type ? termTypeLabels[type].inline : "no kind");

type Citation = Extract<FieldChange, { kind: "sources" }>["added"][number];
function CitationText({ source, marked = [] }: { source: Citation; marked?: string[] }) {
  const part = (key: keyof Citation, text: ReactNode) => (marked.includes(key) ? <mark title={`${sourceParts[key].label} changed`}>{text}</mark> : text);
  return (
    <>
      {source.key ? <>{part("key", `[@${source.key}]`)} </> : marked.includes("key") ? <>{part("key", "(no key)")} </> : null}
      {part("author", source.author)} ({part("year", String(source.year))}). {part("title", <cite>{source.title}</cite>)}
      {source.venue ? <>. {part("venue", source.venue)}</> : null}.{source.doi ? <> {part("doi", `doi:${source.doi}`)}</> : null}
      {source.url ? <> {part("url", source.url)}</> : null} — {part("type", sourceTypeLabel(source.type))}
      {source.sample ? <>, {part("sample", `n = ${source.sample.toLocaleString("en")}`)}</> : null}
      {source.population ? <>, {part("population", source.population)}</> : null}
      {marked.length > 0 && (
        <span className="visually-hidden"> (changed: {marked.map((k) => sourceParts[k as keyof typeof sourceParts]?.label ?? k).join(", ")})</span>
      )}
    </>
  );
}

function FieldBody({ change }: { change: FieldChange }) {
  switch (change.kind) {
    case "text":
      return (
        <p>
          <Runs runs={change.runs} />
        </p>
      );
    case "chips":
      return (
        <p className="chips">
          <Chips items={change.removed} as="removed" /> <Chips items={change.added} as="added" />
          {change.reordered && <span className="diff-note"> Order changed: {change.after.join(", ")}.</span>}
        </p>
      );
    case "terms":
      return (
        <div>
          <p className="chips">
            <Chips items={change.removed.map(termText)} as="removed" /> <Chips items={change.added.map(termText)} as="added" />
          </p>
          {change.retyped.length > 0 && (
            <ul>
              {change.retyped.map((r) => (
                <li key={r.name}>
                  {r.name}: <Del>{kindText(r.before)}</Del> → <Ins>{kindText(r.after)}</Ins>
                </li>
              ))}
            </ul>
          )}
          {change.reordered && <p className="diff-note">Order changed: {change.after.map((n) => n.name).join(", ")}.</p>}
        </div>
      );
    case "flag":
      return <p>{change.after ? <Ins>on</Ins> : <Del>on</Del>}</p>;
    case "rows":
      return (
        <table className="diff-table">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {change.removed.map((r) => (
              <tr key={`r-${r.label}`}>
                <th scope="row">{r.label}</th>
                <td>
                  <Del>{r.value}</Del> (row removed)
                </td>
              </tr>
            ))}
            {change.changed.map((r) => (
              <tr key={`c-${r.label}`}>
                <th scope="row">{r.label}</th>
                <td>
                  <Runs runs={r.runs} />
                </td>
              </tr>
            ))}
            {change.added.map((r) => (
              <tr key={`a-${r.label}`}>
                <th scope="row">{r.label}</th>
                <td>
                  <Ins>{r.value}</Ins> (row added)
                </td>
              </tr>
            ))}
            {change.reordered && (
              <tr>
                <th scope="row">Order</th>
                <td>Rows reordered: {change.after.map((r) => r.label).join(", ")}</td>
              </tr>
            )}
          </tbody>
        </table>
      );
    case "figure":
      return (
        <div className="diff-figure">
          {change.srcChanged && (
            <div className="diff-columns">
              {(["before", "after"] as const).map((side) => {
                const fig = change[side];
                return (
                  <figure key={side}>
                    <figcaption>{side === "before" ? "Before" : "After"}</figcaption>
                    {fig ? <code>{fig.src}</code> : <p>(no figure)</p>}
                  </figure>
                );
              })}
            </div>
          )}
          {change.alt && (
            <p>
              Alt text: <Runs runs={change.alt} />
            </p>
          )}
          {change.caption && (
            <p>
              Caption: <Runs runs={change.caption} />
            </p>
          )}
        </div>
      );
    case "media":
      return (
        <ul>
          {change.removed.map((m) => (
            <li key={`r-${m.group}-${m.title}`}>
              {mediaGroupLabels[m.group]}: <Del>{m.title}</Del>
            </li>
          ))}
          {change.changed.map(({ before, after }) => (
            <li key={`c-${after.group}-${after.title}`}>
              {mediaGroupLabels[after.group]}: {after.title} — <Del>{[before.year ?? before.years, before.note].filter(Boolean).join(". ")}</Del>{" "}
              <Ins>{[after.year ?? after.years, after.note].filter(Boolean).join(". ")}</Ins>
            </li>
          ))}
          {change.added.map((m) => (
            <li key={`a-${m.group}-${m.title}`}>
              {mediaGroupLabels[m.group]}: <Ins>{m.title}</Ins>
            </li>
          ))}
        </ul>
      );
    case "sources":
      return (
        <ul className="diff-sources">
          {change.removed.map((s, i) => (
            <li key={`r-${i}`}>
              <Del>
                <CitationText source={s} />
              </Del>
            </li>
          ))}
          {change.changed.map(({ before, after, fields }, i) => (
            <li key={`c-${i}`}>
              <span className="diff-label">Changed: </span>
              <Del>
                <CitationText source={before} marked={fields} />
              </Del>{" "}
              <Ins>
                <CitationText source={after} marked={fields} />
              </Ins>
            </li>
          ))}
          {change.added.map((s, i) => (
            <li key={`a-${i}`}>
              <Ins>
                <CitationText source={s} />
              </Ins>
            </li>
          ))}
          {change.reordered && <li>Sources reordered.</li>}
        </ul>
      );
  }
}

function Paragraph({ p }: { p: Exclude<ParagraphChange, { kind: "same" }> }) {
  if (p.kind === "changed")
    return (
      <div className="diff-para" data-change="paragraph">
        <Runs runs={p.runs} />
      </div>
    );
  return (
    <div className={`diff-para diff-para--${p.kind}`} data-change="paragraph">
      {p.kind === "added" ? <Ins>{p.block.text}</Ins> : <Del>{p.block.text}</Del>}
    </div>
  );
}

function Folded({ blocks }: { blocks: { text: string }[] }) {
  return (
    <details className="diff-folded">
      <summary>
        ⋯ {blocks.length} unchanged paragraph{blocks.length === 1 ? "" : "s"}
      </summary>
      {blocks.map((b, i) => (
        <div key={i} className="diff-para diff-para--same">
          {b.text}
        </div>
      ))}
    </details>
  );
}

function SectionBlock({ s, index }: { s: SectionChange; index: number }) {
  const title = (s.after ?? s.before)?.title ?? "Lead";
  const notes = [
    s.status === "added" && "added",
    s.status === "removed" && "removed",
    s.renamed && `renamed from “${s.before?.title}”`,
    s.moved && "moved",
  ].filter(Boolean);
  return (
    <section id={sectionAnchor(index)} className={`diff-section diff-section--${s.status}`} aria-labelledby={`${sectionAnchor(index)}-h`}>
      <h3 id={`${sectionAnchor(index)}-h`} data-change={s.status === "changed" && !s.renamed && !s.moved ? undefined : "section"} tabIndex={-1}>
        {s.after === null ? <Del>{title}</Del> : s.before === null || s.renamed ? <Ins>{title}</Ins> : title}
        {notes.length > 0 && <span className="diff-note"> — section {notes.join(", ")}</span>}
      </h3>
      {s.paragraphs.map((p, i) => (p.kind === "same" ? <Folded key={i} blocks={p.blocks} /> : <Paragraph key={i} p={p} />))}
    </section>
  );
}

/** Runs of sections where nothing changed are one folded line, so a long article does not hide its one change. */
function groupSections(sections: SectionChange[]) {
  const out: ({ kind: "change"; s: SectionChange; index: number } | { kind: "same"; items: SectionChange[] })[] = [];
  sections.forEach((s, index) => {
    const quiet = s.status === "same" && !s.renamed && !s.moved;
    const last = out[out.length - 1];
    if (quiet && last?.kind === "same") last.items.push(s);
    else out.push(quiet ? { kind: "same", items: [s] } : { kind: "change", s, index });
  });
  return out;
}

export function ArticleDiffView({ diff, raw, label }: { diff: ArticleDiff; raw: TextDiff; label: string }) {
  if (!diff.ok)
    return (
      <div className="article-diff">
        <p className="notice" role="note">
          {diff.reason}
        </p>
        <DiffView diff={diff.raw} label={label} />
      </div>
    );
  return (
    <div className="article-diff" data-testid="structured-diff">
      <nav aria-label="Summary of changes" className="diff-summary">
        <h2>What changed</h2>
        <ul>
          {diff.summary.map((item) => (
            <li key={item.text}>{item.id ? <a href={`#${item.id}`}>{item.text}</a> : item.text}</li>
          ))}
        </ul>
        <ChangeNav />
      </nav>
      {diff.partial && (
        <p className="notice" role="note">
          This change is too large to compare word by word in time: some paragraphs are shown whole, as removed and added.
        </p>
      )}
      {diff.fields.length > 0 && (
        <section aria-label="Fields" className="diff-fields">
          {diff.fields.map((f) => (
            <section key={f.key} id={fieldAnchor(f.key)} className="diff-field" aria-labelledby={`${fieldAnchor(f.key)}-h`}>
              <h3 id={`${fieldAnchor(f.key)}-h`} data-change="field" tabIndex={-1}>
                {f.label}
              </h3>
              <FieldBody change={f} />
            </section>
          ))}
        </section>
      )}
      {groupSections(diff.sections).map((g, i) =>
        g.kind === "change" ? (
          <SectionBlock key={i} s={g.s} index={g.index} />
        ) : (
          <p key={i} className="diff-folded-sections">
            ⋯ {g.items.length} unchanged section{g.items.length === 1 ? "" : "s"}: {g.items.map((s) => s.after?.title ?? "Lead").join(", ")}
          </p>
        ),
      )}
      <details className="diff-raw">
        <summary>Raw source diff</summary>
        <DiffView diff={raw} label={label} />
      </details>
    </div>
  );
}
