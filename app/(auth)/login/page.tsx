import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { contextFromSession } from '@/lib/auth/resolve-context';
import { safeCallbackPath } from '@/lib/auth/safe-callback';
import { orUnavailablePage } from '@/lib/http/page-outage';

export const dynamic = 'force-dynamic';

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; passwordChanged?: string }>;
}) {
  if (await orUnavailablePage(contextFromSession)) redirect('/');
  const { callbackUrl, passwordChanged } = await searchParams;
  const safe = safeCallbackPath(callbackUrl);
  return (
    <div className="auth-page">
      <div className="auth-card">
        <h1>OfferPilot</h1>
        <p className="subtitle">Sign in to your merchant workspace</p>
        {passwordChanged === '1' && (
          <div className="alert success" role="status">
            Password changed: every session ended. Sign in with the new password.
          </div>
        )}
        <LoginForm callbackUrl={safe} />
      </div>
    </div>
  );
}
