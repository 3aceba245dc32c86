// Plain, accessible emails: every text escaped, an HTML and a plain-text part from the same content.
export type EmailContent = {
  heading: string;
  paragraphs: string[];
  button?: { label: string; url: string };
  /** Small print at the bottom (e.g. why you got this, how to unsubscribe). */
  footer?: string[];
};

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

export function renderEmail(content: EmailContent, bodyHtml?: string): { html: string; text: string } {
  const p = (t: string) => `<p style="margin:0 0 16px;line-height:1.6">${escapeHtml(t)}</p>`;
  const button = content.button
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.button.url)}" style="background:#2f4858;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block;font-weight:600">${escapeHtml(content.button.label)}</a></p><p style="margin:0 0 16px;font-size:13px;color:#4a5563">Or paste this address into your browser: ${escapeHtml(content.button.url)}</p>`
    : "";
  const footer = (content.footer ?? []).map((f) => `<p style="margin:0 0 8px;font-size:12px;color:#4a5563">${escapeHtml(f)}</p>`).join("");
  const html = `<!doctype html><html lang="en"><body style="margin:0;background:#f4f1ea;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2630"><div style="max-width:560px;margin:0 auto;padding:32px 24px;background:#ffffff"><p style="margin:0 0 24px;font-weight:700;color:#2f4858;font-size:20px">Attune</p><h1 style="font-size:22px;margin:0 0 16px">${escapeHtml(content.heading)}</h1>${content.paragraphs.map(p).join("")}${bodyHtml ?? ""}${button}<hr style="border:0;border-top:1px solid #d8d2c4;margin:24px 0">${footer}</div></body></html>`;
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
