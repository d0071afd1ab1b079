'use client';

import { useState } from 'react';
import { apiFetch } from '@/lib/client/api';

/** Current + new password; on success every session of the user ends, so the browser goes to sign in again. */
export function ChangePasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const newPassword = String(form.get('new') ?? '');
    if (newPassword !== String(form.get('repeat') ?? '')) {
      setError('The two new passwords differ.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      await apiFetch('/api/account/password', {
        method: 'POST',
        json: { currentPassword: String(form.get('current') ?? ''), newPassword },
      });
      window.location.assign('/login?passwordChanged=1');
    } catch (err) {
      setError((err as Error).message);
      setPending(false);
    }
  }

  return (
    <div className="card" style={{ maxWidth: '28rem' }}>
      <h2 style={{ marginTop: 0 }}>Change password</h2>
      <p className="muted small">Every session you have — on this and any other device — ends; sign in again after.</p>
      <form onSubmit={onSubmit} aria-label="Change password">
        <div className="field">
          <label htmlFor="current">Current password</label>
          <input id="current" name="current" type="password" autoComplete="current-password" required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="new">New password</label>
          <input
            id="new"
            name="new"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={200}
          />
        </div>
        <div className="field">
          <label htmlFor="repeat">Repeat the new password</label>
          <input id="repeat" name="repeat" type="password" autoComplete="new-password" required maxLength={200} />
        </div>
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        <button className="btn primary" type="submit" disabled={pending}>
          {pending ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </div>
  );
}

/** Ends every session of the user, here and on every other device, then goes to sign in. */
export function SignOutEverywhere() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <div className="card" style={{ maxWidth: '28rem' }}>
      <h2 style={{ marginTop: 0 }}>Sessions</h2>
      <p className="muted small">
        Signing out ends the session on this device only. To end every session you have — a lost phone, a shared
        computer — sign out everywhere.
      </p>
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      <button
        className="btn danger"
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          try {
            await apiFetch('/api/account/sessions', { method: 'DELETE' });
            window.location.assign('/login');
          } catch (err) {
            setError((err as Error).message);
            setPending(false);
          }
        }}
      >
        {pending ? 'Signing out…' : 'Sign out everywhere'}
      </button>
    </div>
  );
}
