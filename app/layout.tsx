import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { siteUrl } from "@/lib/site";
import { AccountMenu } from "./_components/account-menu";
import { SearchBox } from "./_components/search-box";
import { LetterBar } from "./_components/letter-bar";
import { NewsletterSignup } from "./_components/newsletter-signup";
import "./globals.css";

export const metadata: Metadata = {
  metadataBase: new URL(siteUrl()),
  title: { default: "Attune — the open encyclopedia of relationship psychology", template: "%s — Attune" },
  description:
    "Attune is an open-access encyclopedia of relationship and dating psychology: attachment, jealousy, ghosting, love bombing and more, written and reviewed by editors.",
  applicationName: "Attune",
  alternates: { types: { "application/rss+xml": "/feed.xml" } },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#2f4858" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
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
