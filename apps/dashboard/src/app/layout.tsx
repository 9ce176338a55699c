import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SiteNav } from '@/components/layout/site-nav';
import { serverEnv } from '@/lib/server-env';
import 'uplot/dist/uPlot.min.css';
import './globals.css';

// Every page shows the API's current state: nothing is rendered at build time or cached.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'HSIC Studio', template: '%s · HSIC Studio' },
  description: 'Train, compare, serve and inspect HSIC-bottleneck classifiers.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link className="brand" href="/runs">
            HSIC Studio
          </Link>
          <SiteNav />
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          API: <span className="mono">{serverEnv().HSIC_API_URL}</span> · GraphQL schema <span className="mono">apps/api/schema.graphql</span>
        </footer>
      </body>
    </html>
  );
}
