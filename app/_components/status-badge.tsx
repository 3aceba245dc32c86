import type { ProposalStatus } from "@/lib/db/schema";

const labels: Record<ProposalStatus, string> = {
  pending: "pending",
  approved: "approved",
  rejected: "rejected",
  changes_requested: "changes requested",
  conflicted: "conflicted",
  withdrawn: "withdrawn",
};

export function StatusBadge({ status }: { status: ProposalStatus }) {
  return <span className={`badge badge--${status}`}>{labels[status]}</span>;
}
