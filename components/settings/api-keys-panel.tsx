'use client';

import { useState } from 'react';
import { useFormat } from '@/components/ui/format-provider';
import { type ApiKeyRow, useApiKeys, useCreateApiKey, useRevokeApiKey } from '@/lib/client/hooks/use-api-keys';

export function ApiKeysPanel() {
  const f = useFormat();
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [role, setRole] = useState<ApiKeyRow['role']>('MANAGER');
  const [perSecond, setPerSecond] = useState(50);
  const [burst, setBurst] = useState(100);
  const [lifetime, setLifetime] = useState('90');
  const [mode, setMode] = useState<ApiKeyRow['mode']>('LIVE');

  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>API keys</h2>
      <p className="muted small">
        Send a key as <code>Authorization: Bearer &lt;key&gt;</code>. Only a hash is stored: copy the key when it is
        shown. A <strong>test</strong> key is a sandbox for wiring up a storefront before launch: it gets the same
        offers a live key would, logged apart, and changes no live number — no decisions, exposures, experiment results,
        frequency caps, budgets or features.
      </p>
      <form
        className="row"
        aria-label="Create an API key"
        onSubmit={(e) => {
          e.preventDefault();
          const expiresInDays = lifetime === 'never' ? null : Number(lifetime);
          create.mutate(
            { name, role, rateLimitPerSecond: perSecond, rateLimitBurst: burst, expiresInDays, mode },
            { onSuccess: () => setName('') },
          );
        }}
      >
        <div className="field">
          <label htmlFor="key-name">Name</label>
          <input
            id="key-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. storefront"
            required
            maxLength={80}
          />
        </div>
        <div className="field">
          <label htmlFor="key-role">Role</label>
          <select id="key-role" value={role} onChange={(e) => setRole(e.target.value as ApiKeyRow['role'])}>
            <option value="MANAGER">Manager</option>
            <option value="ANALYST">Analyst</option>
            <option value="ADMIN">Admin</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="key-mode">Mode</label>
          <select id="key-mode" value={mode} onChange={(e) => setMode(e.target.value as ApiKeyRow['mode'])}>
            <option value="LIVE">Live</option>
            <option value="TEST">Test (sandbox)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="key-rate">Requests per second</label>
          <input
            id="key-rate"
            type="number"
            min={0.1}
            step="any"
            max={100000}
            value={perSecond}
            onChange={(e) => setPerSecond(Number(e.target.value))}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="key-burst">Burst</label>
          <input
            id="key-burst"
            type="number"
            min={1}
            max={100000}
            value={burst}
            onChange={(e) => setBurst(Number(e.target.value))}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="key-lifetime">Expires after</label>
          <select id="key-lifetime" value={lifetime} onChange={(e) => setLifetime(e.target.value)}>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="365">1 year</option>
            <option value="never">never</option>
          </select>
        </div>
        <div className="field">
          <button className="btn primary" type="submit" disabled={create.isPending}>
            Create key
          </button>
        </div>
      </form>
      {create.error && (
        <div className="alert error" role="alert">
          {create.error.message}
        </div>
      )}
      {create.data && (
        <div className="alert success">
          New {create.data.mode === 'TEST' ? 'test (sandbox) ' : ''}key <strong>{create.data.name}</strong> — shown
          once:
          <div className="secret" data-testid="new-api-key">
            {create.data.key}
          </div>
        </div>
      )}
      {keys.error && (
        <div className="alert error" role="alert">
          {keys.error.message}
        </div>
      )}
      <table className="table" data-testid="api-keys-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Key</th>
            <th>Role</th>
            <th>Created</th>
            <th>Last used</th>
            <th>Rate limit</th>
            <th>Expires</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.data?.items.map((k) => (
            <tr key={k.id}>
              <td>
                {k.name}
                {k.mode === 'TEST' && (
                  <>
                    {' '}
                    <span className="badge warn" data-testid="key-sandbox" title="Sandbox: changes no live data">
                      test
                    </span>
                  </>
                )}
              </td>
              <td>
                <code>op_{k.prefix}_…</code>
              </td>
              <td>{k.role}</td>
              <td>{k.createdAt.slice(0, 10)}</td>
              <td>{k.lastUsedAt ? k.lastUsedAt.slice(0, 16).replace('T', ' ') : 'never'}</td>
              <td>
                {f.number(k.rateLimitPerSecond)}/s, bursts of {f.number(k.rateLimitBurst, 0)}
              </td>
              <td data-testid="key-expires">{k.expiresAt ? k.expiresAt.slice(0, 10) : 'never'}</td>
              <td>
                <KeyStatus row={k} />
              </td>
              <td>
                {!k.revokedAt && (
                  <button
                    className="btn danger"
                    type="button"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate(k.id)}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KeyStatus({ row }: { row: ApiKeyRow }) {
  if (row.revokedAt) return <span className="badge danger">revoked</span>;
  if (row.expiresAt && new Date(row.expiresAt).getTime() <= Date.now())
    return <span className="badge danger">expired</span>;
  return <span className="badge ok">active</span>;
}
