'use client';

import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useEffect, useState } from 'react';
import { apiFetch } from '@/lib/client/api';
import { ROLE_LABELS, type RoleName } from '@/lib/rbac';

interface Preview {
  organization: string;
  email: string;
  role: RoleName;
  hasAccount: boolean;
}

const ACCEPT = '/api/invitations/accept';

/** Reads the token from the URL fragment, shows what the invitation is for, sets a password, joins and signs in. */
export function AcceptInvitationForm() {
  const router = useRouter();
  const [token, setToken] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const t = window.location.hash.slice(1);
    if (!t) {
      setError('This page needs the invitation link an admin sent you.');
      return;
    }
    setToken(t);
    apiFetch<Preview>(ACCEPT, { method: 'POST', json: { token: t } })
      .then(setPreview)
      .catch((e: Error) => setError(e.message));
  }, []);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!token || !preview) return;
    const form = new FormData(e.currentTarget);
    const password = String(form.get('password') ?? '');
    if (!preview.hasAccount && password !== String(form.get('confirm') ?? '')) {
      setError('The two passwords differ.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      await apiFetch(ACCEPT, { method: 'POST', json: { token, name: String(form.get('name') ?? ''), password } });
      window.history.replaceState(null, '', '/invite'); // the used token leaves the address bar
      const res = await signIn('credentials', { email: preview.email, password, redirect: false });
      if (!res || res.error) {
        router.replace('/login');
        return;
      }
      router.replace('/');
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
      setPending(false);
    }
  }

  return (
    <>
      {preview ? (
        <p className="subtitle" data-testid="invitation-summary">
          Join <strong>{preview.organization}</strong> as {ROLE_LABELS[preview.role]} ({preview.email})
        </p>
      ) : (
        <p className="subtitle">Accept your invitation</p>
      )}
      {preview && (
        <form onSubmit={onSubmit} aria-label="Accept invitation">
          {!preview.hasAccount && (
            <div className="field">
              <label htmlFor="name">Your name</label>
              <input id="name" name="name" autoComplete="name" required maxLength={120} />
            </div>
          )}
          <div className="field">
            <label htmlFor="password">{preview.hasAccount ? 'Your current password' : 'Choose a password'}</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete={preview.hasAccount ? 'current-password' : 'new-password'}
              minLength={preview.hasAccount ? 1 : 10}
              maxLength={200}
              required
            />
          </div>
          {!preview.hasAccount && (
            <div className="field">
              <label htmlFor="confirm">Repeat the password</label>
              <input id="confirm" name="confirm" type="password" autoComplete="new-password" required maxLength={200} />
            </div>
          )}
          <button
            className="btn primary"
            type="submit"
            disabled={pending}
            style={{ width: '100%', justifyContent: 'center' }}
          >
            {pending ? 'Joining…' : `Join ${preview.organization}`}
          </button>
        </form>
      )}
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
    </>
  );
}
