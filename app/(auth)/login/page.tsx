import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { contextFromSession } from '@/lib/auth/resolve-context';
import { safeCallbackPath } from '@/lib/auth/safe-callback';
import { orUnavailablePage } from '@/lib/http/page-outage';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await orUnavailablePage(contextFromSession)) redirect('/');
  const { callbackUrl } = await searchParams;
  const safe = safeCallbackPath(callbackUrl);
  return (
    <div className="auth-page">
      <div className="auth-card">
        <h1>OfferPilot</h1>
        <p className="subtitle">Sign in to your merchant workspace</p>
        <LoginForm callbackUrl={safe} />
      </div>
    </div>
  );
}
