"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { toggleWatchAction } from "@/app/(account)/me/watchlist/actions";
import { idleState } from "@/lib/forms";
import { askMe } from "./ask-me";

type Props = { target: "article" | "category"; watchKey: string; label: string };

// The page HTML is the same for everyone: whether this reader watches it is asked of /api/me after load.
export function WatchToggle({ target, watchKey, label }: Props) {
  const pathname = usePathname();
  const [known, setKnown] = useState<"signed-out" | boolean | null>(null);
  const [state, action, pending] = useActionState(toggleWatchAction, idleState);
  useEffect(
    () =>
      askMe<{ signedIn: boolean; watching?: boolean }>(`?${target}=${encodeURIComponent(watchKey)}`, (me) =>
        setKnown(me?.signedIn ? Boolean(me.watching) : "signed-out"),
      ),
    [target, watchKey],
  );
  if (known === null) return <p className="watch-toggle" aria-hidden="true" />;
  if (known === "signed-out") {
    return (
      <p className="watch-toggle">
        <Link href={`/signin?callbackUrl=${encodeURIComponent(pathname)}`}>Sign in to watch</Link> this {target} and hear when it changes.
      </p>
    );
  }
  const watching = state.status === "success" ? state.message === "watching" : known;
  return (
    <form action={action} className="watch-toggle">
      <input type="hidden" name="target" value={target} />
      <input type="hidden" name="key" value={watchKey} />
      <input type="hidden" name="watching" value={watching ? "false" : "true"} />
      <button type="submit" className="button-secondary" aria-pressed={watching} disabled={pending}>
        {watching ? "Watching" : "Watch"}
      </button>{" "}
      <span className="watch-note" role="status">
        {state.status === "error" ? (
          state.message
        ) : watching ? (
          <>
            You watch {label}. <Link href="/me/watchlist">Your watchlist</Link>
          </>
        ) : (
          `Watch ${label} to hear when it changes.`
        )}
      </span>
    </form>
  );
}
