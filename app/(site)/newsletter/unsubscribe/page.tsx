import type { Metadata } from "next";
import Link from "next/link";
import { UnsubscribeForms } from "./unsubscribe-forms";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

// Opening this page (the link in every issue) changes nothing: only its buttons do. Mail clients that support
// one-click unsubscribe POST to /api/newsletter/unsubscribe instead.
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  if (typeof token !== "string" || token === "") {
    return (
      <div className="prose-page">
        <h1>This link is incomplete</h1>
        <p>Use the unsubscribe link at the bottom of any of our emails: it is personal to your address.</p>
        <p>
          <Link href="/newsletter">About the newsletter</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="prose-page">
      <h1>Unsubscribe from the newsletter</h1>
      <p>
        Unsubscribing stops every future issue at once. If you would rather we forgot your address completely, erase it instead: nothing about you stays on our
        list.
      </p>
      <UnsubscribeForms token={token} />
    </div>
  );
}
