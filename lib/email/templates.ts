// Plain, accessible emails: every text escaped, an HTML and a plain-text part from the same content.
import { env } from "../env";
import { escapeHtml } from "../html";
export type EmailContent = {
  heading: string;
  paragraphs: string[];
  button?: { label: string; url: string };
  /** Small print at the bottom (e.g. why you got this, how to unsubscribe). */
  footer?: string[];
};

/** The site's email page around already-escaped HTML: the site name, one heading, the body, a rule, small print. */
export function emailLayout(parts: { title: string; heading: string; bodyHtml: string; footerHtml: string }): string {
  const site = escapeHtml(env().SITE_NAME);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(parts.title)}</title></head><body style="margin:0;background:#f4f1ea;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2630"><div style="max-width:560px;margin:0 auto;padding:32px 24px;background:#ffffff;line-height:1.6"><p style="margin:0 0 24px;font-weight:700;color:#2f4858;font-size:20px">${site}</p><h1 style="font-size:22px;margin:0 0 16px">${escapeHtml(parts.heading)}</h1>${parts.bodyHtml}<hr style="border:0;border-top:1px solid #d8d2c4;margin:24px 0">${parts.footerHtml}</div></body></html>`;
}

export function renderEmail(content: EmailContent, bodyHtml?: string): { html: string; text: string } {
  const p = (t: string) => `<p style="margin:0 0 16px;line-height:1.6">${escapeHtml(t)}</p>`;
  const button = content.button
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.button.url)}" style="background:#2f4858;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block;font-weight:600">${escapeHtml(content.button.label)}</a></p><p style="margin:0 0 16px;font-size:13px;color:#4a5563">Or paste this address into your browser: ${escapeHtml(content.button.url)}</p>`
    : "";
  const footer = (content.footer ?? []).map((f) => `<p style="margin:0 0 8px;font-size:12px;color:#4a5563">${escapeHtml(f)}</p>`).join("");
  const html = emailLayout({ title: content.heading, heading: content.heading, bodyHtml: `${content.paragraphs.map(p).join("")}${bodyHtml ?? ""}${button}`, footerHtml: footer });
  const text = [
    content.heading,
    "",
    ...content.paragraphs.flatMap((t) => [t, ""]),
    ...(content.button ? [`${content.button.label}: ${content.button.url}`, ""] : []),
    ...(content.footer?.length ? ["--", ...content.footer] : []),
  ]
    .join("\n")
    .trim();
  return { html, text };
}
