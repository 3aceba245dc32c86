import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { siteUrl } from "@/lib/site";
import { AccountMenu } from "./_components/account-menu";
import { SearchBox } from "./_components/search-box";
import { LetterBar } from "./_components/letter-bar";
import { NewsletterSignup } from "./_components/newsletter-signup";
import { ThemeToggle } from "./_components/theme-toggle";
import "./globals.css";

export const metadata: Metadata = {
  metadataBase: new URL(siteUrl()),
  title: { default: "Attune — the open encyclopedia of relationship psychology", template: "%s — Attune" },
  description:
    "Attune is an open-access encyclopedia of relationship and dating psychology: attachment, jealousy, ghosting, love bombing and more, written and reviewed by editors.",
  applicationName: "Attune",
  alternates: { types: { "application/rss+xml": "/feed.xml" } },
};

// The header's colour in each theme (the --header token of app/globals.css), for the browser's own bar.
export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#2f4858" },
    { media: "(prefers-color-scheme: dark)", color: "#1c2a33" },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    // public/theme.js sets data-theme on <html> before React hydrates, hence suppressHydrationWarning (that element only).
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Blocking on purpose: the theme must be on <html> before the first paint, or a dark page flashes light.
            A file (not inline) so the Content-Security-Policy holds; it is a few hundred bytes. */}
        {/* eslint-disable-next-line @next/next/no-sync-scripts */}
        <script src="/theme.js" />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <Link href="/" className="site-logo">
              Attune
              <span className="site-logo__tag">encyclopedia of relationship psychology</span>
            </Link>
            <SearchBox />
            <AccountMenu />
            <ThemeToggle />
          </div>
          <LetterBar />
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <NewsletterSignup source="footer" />
          <nav aria-label="Site">
            <Link href="/about">About</Link> <Link href="/browse/a">Browse A–Z</Link> <Link href="/donate">Make a contribution</Link>{" "}
            <Link href="/privacy">Privacy</Link> <Link href="/licence">Licence</Link> <Link href="/help">Find support</Link> <a href="/feed.xml">RSS</a>{" "}
            <Link href="/developers">Developers</Link>
          </nav>
          <p>
            Text is available under the <Link href="/licence">Creative Commons Attribution-ShareAlike 4.0 licence</Link> (CC BY-SA 4.0). Attune is information,
            not therapy or medical advice.
          </p>
        </footer>
      </body>
    </html>
  );
}
