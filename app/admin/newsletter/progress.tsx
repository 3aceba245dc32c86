"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { SendProgress } from "@/lib/newsletter/send";

/** Sent, failed and left while an issue is sending, asked of a no-store route every second. */
export function SendProgressView({ initial }: { initial: SendProgress }) {
  const [progress, setProgress] = useState(initial);
  const router = useRouter();
  const sending = progress.status === "sending";

  useEffect(() => {
    if (!sending) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch(`/api/admin/newsletter/${initial.issueId}/progress`, { cache: "no-store" });
        if (!response.ok || stopped) return;
        const next = (await response.json()) as SendProgress;
        setProgress(next);
        if (next.status !== "sending") router.refresh();
      } catch {
        // A missed poll is retried on the next tick.
      }
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [sending, initial.issueId, router]);

  const total = progress.sent + progress.failed + progress.left;
  return (
    <section className="nl-progress" aria-labelledby="nl-progress-heading">
      <h2 id="nl-progress-heading">Delivery</h2>
      <progress max={Math.max(total, 1)} value={progress.sent + progress.failed} aria-labelledby="nl-progress-heading" />
      <ul>
        <li>
          Sent: <strong data-testid="nl-sent">{progress.sent}</strong>
        </li>
        <li>
          Failed: <strong data-testid="nl-failed">{progress.failed}</strong>
        </li>
        <li>
          Left: <strong data-testid="nl-left">{progress.left}</strong>
        </li>
      </ul>
      <p role="status">
        {progress.status === "sent"
          ? `Finished: sent to ${progress.sent} subscriber${progress.sent === 1 ? "" : "s"}${progress.failed ? `, ${progress.failed} failed` : ""}.`
          : progress.running
            ? "Sending…"
            : "Sending is paused (the server restarted or the email service failed). Press Resume to carry on; nobody will get it twice."}
      </p>
    </section>
  );
}
