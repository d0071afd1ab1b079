import type { Metadata } from 'next';
import { headers } from 'next/headers';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: 'OfferPilot',
  description: 'Decide who gets which discount with machine learning, and prove it worked.',
};

/**
 * Reading the request headers makes every page render per request, which the CSP nonce needs (proxy.ts): Next.js
 * puts the nonce from the request's Content-Security-Policy header on its inline scripts.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await headers();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
