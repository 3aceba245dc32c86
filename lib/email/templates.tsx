// Plain, accessible emails laid out with react-email's components (tables and inline styles that mail clients
// understand), rendered to static HTML by react-email's `render` (Next allows no static import of react-dom/server in
// server code); every text is escaped by React. The plain-text part comes from the same content, so the two never
// say different things.
import { Body, Button, Container, Head, Heading, Hr, Html, Link, render, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";
import { env } from "../env";

export type EmailContent = {
  heading: string;
  paragraphs: string[];
  button?: { label: string; url: string };
  /** Small print at the bottom (e.g. why you got this, how to unsubscribe). */
  footer?: string[];
};

/** One line of small print: text, optionally with a link inside it ("<before><link><after>"). */
export type FooterLine = { before?: string; link?: { label: string; href: string }; after?: string };

const colour = { ink: "#1d2630", muted: "#4a5563", brand: "#2f4858", link: "#1f5a85", line: "#d8d2c4", page: "#f4f1ea" };
const paragraph: CSSProperties = { margin: "0 0 16px", lineHeight: 1.6, fontSize: "16px" };
const small: CSSProperties = { margin: "0 0 8px", fontSize: "12px", lineHeight: 1.5, color: colour.muted };

function Layout({ title, heading, children, footer }: { title: string; heading: string; children: ReactNode; footer: FooterLine[] }) {
  return (
    <Html lang="en">
      <Head>
        <title>{title}</title>
      </Head>
      <Body style={{ margin: 0, background: colour.page, fontFamily: "system-ui,-apple-system,Segoe UI,Roboto,sans-serif", color: colour.ink }}>
        <Container style={{ maxWidth: "560px", margin: "0 auto", padding: "32px 24px", background: "#ffffff", lineHeight: 1.6 }}>
          <Text style={{ margin: "0 0 24px", fontWeight: 700, color: colour.brand, fontSize: "20px" }}>{env().SITE_NAME}</Text>
          <Heading as="h1" style={{ fontSize: "22px", margin: "0 0 16px" }}>
            {heading}
          </Heading>
          {children}
          <Hr style={{ border: 0, borderTop: `1px solid ${colour.line}`, margin: "24px 0" }} />
          {footer.map((line, i) => (
            <Text key={i} style={small}>
              {line.before}
              {line.link && (
                <Link href={line.link.href} style={{ color: colour.link }}>
                  {line.link.label}
                </Link>
              )}
              {line.after}
            </Text>
          ))}
        </Container>
      </Body>
    </Html>
  );
}

const toHtml = (node: ReactNode): Promise<string> => render(node);

/** The site's email page around HTML made safe elsewhere (a newsletter issue from the sanitising renderer). */
export function emailLayout(parts: { title: string; heading: string; bodyHtml: string; footer: FooterLine[] }): Promise<string> {
  return toHtml(
    <Layout title={parts.title} heading={parts.heading} footer={parts.footer}>
      <div dangerouslySetInnerHTML={{ __html: parts.bodyHtml }} />
    </Layout>,
  );
}

export async function renderEmail(content: EmailContent): Promise<{ html: string; text: string }> {
  const html = await toHtml(
    <Layout title={content.heading} heading={content.heading} footer={(content.footer ?? []).map((after) => ({ after }))}>
      {content.paragraphs.map((p, i) => (
        <Text key={i} style={paragraph}>
          {p}
        </Text>
      ))}
      {content.button && (
        <>
          <Button
            href={content.button.url}
            style={{
              background: colour.brand,
              color: "#ffffff",
              padding: "12px 20px",
              borderRadius: "6px",
              textDecoration: "none",
              fontWeight: 600,
              margin: "8px 0 16px",
            }}
          >
            {content.button.label}
          </Button>
          <Text style={{ ...paragraph, fontSize: "13px", color: colour.muted }}>Or paste this address into your browser: {content.button.url}</Text>
        </>
      )}
    </Layout>,
  );
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

/** One entry of a list email: a linked title and a few lines under it. */
export type ListEmailItem = { title: string; href: string; lines: string[] };

/** An email listing linked items (watchlist changes, digests), with small print that may hold links. */
export async function renderListEmail(content: {
  heading: string;
  intro: string[];
  items: ListEmailItem[];
  button?: { label: string; url: string };
  footer: FooterLine[];
}): Promise<{ html: string; text: string }> {
  const html = await toHtml(
    <Layout title={content.heading} heading={content.heading} footer={content.footer}>
      {content.intro.map((p, i) => (
        <Text key={i} style={paragraph}>
          {p}
        </Text>
      ))}
      {content.items.map((item, i) => (
        <Text key={`item-${i}`} style={{ ...paragraph, margin: "0 0 12px" }}>
          <Link href={item.href} style={{ color: colour.link, fontWeight: 600 }}>
            {item.title}
          </Link>
          {item.lines.map((line, j) => (
            <span key={j} style={{ display: "block", fontSize: "14px", color: colour.muted }}>
              {line}
            </span>
          ))}
        </Text>
      ))}
      {content.button && (
        <Text style={paragraph}>
          <Link href={content.button.url} style={{ color: colour.link }}>
            {content.button.label}
          </Link>
        </Text>
      )}
    </Layout>,
  );
  const footerText = content.footer.map((l) => [l.before, l.link ? `${l.link.label} (${l.link.href})` : undefined, l.after].filter(Boolean).join(""));
  const text = [
    content.heading,
    "",
    ...content.intro.flatMap((t) => [t, ""]),
    ...content.items.flatMap((item) => [item.title, ...item.lines, item.href, ""]),
    ...(content.button ? [`${content.button.label}: ${content.button.url}`, ""] : []),
    "--",
    ...footerText,
  ]
    .join("\n")
    .trim();
  return { html, text };
}
