import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { listOutbox } from "@/lib/email/outbox";
import { isOutboxVisible } from "@/lib/email/outbox-access";
import { formatDateTime } from "@/lib/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Email outbox", robots: { index: false } };

export default async function OutboxPage() {
  if (!isOutboxVisible(await headers())) notFound();
  const emails = await listOutbox();
  return (
    <div className="prose-page">
      <h1>Email outbox</h1>
      <p>Outbox mode: these are the emails the site would have sent, newest first. Only visitors on this machine can see this page.</p>
      {emails.length === 0 && <p>No emails yet.</p>}
      <ol className="outbox" reversed>
        {emails.map((m) => (
          <li key={m.id} data-testid="outbox-email">
            <p>
              <strong>To:</strong> <span data-testid="outbox-to">{m.to}</span> · <strong>Subject:</strong> <span data-testid="outbox-subject">{m.subject}</span>{" "}
              · <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt)}</time>
              {m.tag ? ` · ${m.tag}` : ""}
            </p>
            <details>
              <summary>Headers</summary>
              {/* Every header the provider would receive, so a person can check List-Unsubscribe and its one-click POST. */}
              <dl data-testid="outbox-headers" className="outbox__headers">
                {Object.entries(m.headers).map(([name, value]) => (
                  <div key={name}>
                    <dt>{name}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
              {Object.keys(m.headers).length === 0 && <p>No headers beyond To, From and Subject.</p>}
            </details>
            <pre data-testid="outbox-text">{m.text}</pre>
          </li>
        ))}
      </ol>
    </div>
  );
}
