import type { QueueMetrics } from "@/lib/moderation/metrics";
import { formatMinutes } from "@/lib/format";

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 150;
const CHART_WIDTH = 420;

/** Decisions per moderator this week, as a small bar chart drawn on the server (no script), with its numbers in text. */
function WeekChart({ rows }: { rows: QueueMetrics["thisWeek"] }) {
  const most = Math.max(1, ...rows.map((r) => r.decisions));
  const height = rows.length * BAR_HEIGHT + 4;
  return (
    <svg role="img" aria-labelledby="week-chart-title" width="100%" viewBox={`0 0 ${CHART_WIDTH} ${height}`} className="metrics-chart">
      <title id="week-chart-title">{rows.map((r) => `${r.name}: ${r.decisions}`).join(", ")}</title>
      {rows.map((r, i) => {
        const y = i * BAR_HEIGHT + 2;
        const width = ((CHART_WIDTH - LABEL_WIDTH - 40) * r.decisions) / most;
        return (
          <g key={r.name}>
            <text x={LABEL_WIDTH - 8} y={y + 15} textAnchor="end" fontSize="13" fill="currentColor">
              {r.name.length > 20 ? `${r.name.slice(0, 19)}…` : r.name}
            </text>
            <rect x={LABEL_WIDTH} y={y + 3} width={Math.max(2, width)} height={BAR_HEIGHT - 8} className="metrics-chart__bar" rx="2" />
            <text x={LABEL_WIDTH + width + 6} y={y + 15} fontSize="13" fill="currentColor">
              {r.decisions}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function QueueMetricsView({ metrics, now }: { metrics: QueueMetrics; now: Date }) {
  return (
    <section aria-labelledby="queue-metrics" className="queue-metrics">
      <h2 id="queue-metrics" className="visually-hidden">
        How the queue is doing
      </h2>
      <dl className="metrics-list" data-testid="queue-metrics">
        <div>
          <dt>Waiting</dt>
          <dd>{metrics.pending}</dd>
        </div>
        <div>
          <dt>Oldest waiting</dt>
          <dd>{metrics.oldestPendingSince ? formatMinutes((now.getTime() - metrics.oldestPendingSince.getTime()) / 60_000) : "—"}</dd>
        </div>
        <div>
          <dt>Median time to a decision (30 days)</dt>
          <dd>
            {metrics.medianMinutesToDecision === null
              ? "no decisions yet"
              : `${formatMinutes(metrics.medianMinutesToDecision)} over ${metrics.decisionsLast30Days} decisions`}
          </dd>
        </div>
      </dl>
      <h3>Decisions this week</h3>
      {metrics.thisWeek.length === 0 ? <p>No decisions since Monday.</p> : <WeekChart rows={metrics.thisWeek} />}
    </section>
  );
}
