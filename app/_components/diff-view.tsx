import type { DiffPart } from "@/lib/moderation/diff";
import { sideBySide } from "@/lib/moderation/diff";

// React escapes every part, so nothing in a proposal can inject markup into the diff.
function Parts({ parts }: { parts: DiffPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.kind === "added" ? (
          <ins key={i}>{p.text}</ins>
        ) : p.kind === "removed" ? (
          <del key={i}>{p.text}</del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

export function DiffView({ parts, label }: { parts: DiffPart[]; label: string }) {
  const { left, right } = sideBySide(parts);
  return (
    <div className="diff">
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
