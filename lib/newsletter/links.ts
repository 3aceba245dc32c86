// Every newsletter link is absolute and built from SITE_URL, never from a request's Host header.
import { absoluteUrl } from "../site";

export const ISSUE_PATH_PREFIX = "/newsletter/archive";

export function confirmUrl(token: string): string {
  return absoluteUrl(`/newsletter/confirm?token=${encodeURIComponent(token)}`);
}

/** The page a person opens from the link in the email: it shows buttons and changes nothing by itself. */
export function unsubscribePageUrl(token: string): string {
  return absoluteUrl(`/newsletter/unsubscribe?token=${encodeURIComponent(token)}`);
}

/** What List-Unsubscribe points at: a POST there unsubscribes at once (RFC 8058). */
export function oneClickUnsubscribeUrl(token: string): string {
  return absoluteUrl(`/api/newsletter/unsubscribe?token=${encodeURIComponent(token)}`);
}

export function listUnsubscribeHeaders(token: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${oneClickUnsubscribeUrl(token)}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

export function issuePath(slug: string): string {
  return `${ISSUE_PATH_PREFIX}/${slug}`;
}
