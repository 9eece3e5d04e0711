import "@monorepo-auth/design/tokens.css";
import "@monorepo-auth/design/base.css";

import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

export const metadata: Metadata = {
  title: { default: "Your app · monorepo-auth", template: "%s · monorepo-auth" },
  description: "The private side: only signed-in people get in.",
  icons: { icon: "/favicon.svg" },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link className="brand" href="/">
            monorepo-auth <span className="tag">app</span>
          </Link>
          <nav aria-label="Main">
            <Link href="/">Home</Link>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          <span>Signed in with one cookie, shared with the landing site.</span>
        </footer>
      </body>
    </html>
  );
}
