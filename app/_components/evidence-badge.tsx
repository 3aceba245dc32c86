import { evidenceLevels, type EvidenceLevel, type EvidenceSummary } from "@/lib/articles/evidence";
import "./evidence.css";

/** The evidence level as a small labelled badge: its words carry the meaning, the colour only repeats it. */
export function EvidenceBadge({ level }: { level: EvidenceLevel | null | undefined }) {
  if (!level) return null;
  return (
    <span className={`evidence-badge evidence-badge--${level}`}>
      <span className="visually-hidden">Evidence: </span>
      {evidenceLevels[level].label}
    </span>
  );
}

/** The article's evidence line, near its lead: the site's computation (the infobox's research status is the author's). */
export function EvidenceLine({ evidence }: { evidence: EvidenceSummary }) {
  return (
    <p className="evidence-line">
      <EvidenceBadge level={evidence.level} /> {evidence.line} <a href="/help/evidence">How we grade evidence</a>
    </p>
  );
}
