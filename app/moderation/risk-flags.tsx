import { riskLabels, type RiskFlag } from "@/lib/moderation/risk";

/**
 * A proposal's risk flags as a list of chips: each says its flag in words (never colour alone) and carries its reason.
 * On the review page the reason is shown; in a queue row (`compact`) it is kept for screen readers and the tooltip,
 * so the row stays short.
 */
export function RiskFlags({ flags, compact = false }: { flags: readonly RiskFlag[]; compact?: boolean }) {
  if (flags.length === 0) return compact ? <span className="hint">None</span> : null;
  return (
    <ul
      className={`risk-flags${compact ? " risk-flags--compact" : ""}`}
      aria-label={flags.length === 1 ? "1 risk flag" : `${flags.length} risk flags`}
      data-testid="risk-flags"
    >
      {flags.map((f) => (
        <li key={f.kind} className="risk-flag" data-kind={f.kind} title={compact ? f.reason : undefined}>
          <span aria-hidden="true">⚑ </span>
          <strong>{riskLabels[f.kind]}</strong>
          <span className={compact ? "visually-hidden" : "risk-flag__reason"}>: {f.reason}</span>
        </li>
      ))}
    </ul>
  );
}
