import type { DiffPart, TextDiff } from "@/lib/moderation/diff";
import { sideBySide } from "@/lib/moderation/diff";

// React escapes every part, so nothing in a proposal can inject markup into the diff.
function Parts({ parts }: { parts: DiffPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.kind === "added" ? <ins key={i}>{p.text}</ins> : p.kind === "removed" ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>,
      )}
    </>
  );
}

export function DiffView({ diff, label }: { diff: TextDiff; label: string }) {
  const { parts, granularity } = diff;
  const { left, right } = sideBySide(parts);
  return (
    <div className="diff">
      {granularity !== "words" && (
        <p className="notice" role="note">
          {granularity === "lines"
            ? "These texts are too different to compare word by word in time, so whole lines that changed are shown instead."
            : "These texts are too large and too different to compare in time: the whole text before and after is shown instead."}
        </p>
      )}
      <details open>
        <summary>{label}: inline</summary>
        <pre className="diff-inline" data-testid="diff-inline">
          <Parts parts={parts} />
        </pre>
      </details>
      <details>
        <summary>{label}: side by side</summary>
        <div className="diff-columns">
          <pre aria-label="Before">
            <Parts parts={left} />
          </pre>
          <pre aria-label="After">
            <Parts parts={right} />
          </pre>
        </div>
      </details>
    </div>
  );
}
