'use client';

import { useState } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { useCustomers } from '@/lib/client/hooks/use-customers';

export function CustomersTable() {
  const [q, setQ] = useState('');
  const { data, error, isPending } = useCustomers({ q: q || undefined, limit: 50 });
  return (
    <div className="card">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>
          Customers{' '}
          {data && (
            <span className="badge" data-testid="customer-total">
              {data.total.toLocaleString('en-GB')}
            </span>
          )}
        </h2>
        <div className="field" style={{ margin: 0 }}>
          <input
            aria-label="Search customer id"
            placeholder="Search customer id"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
      </div>
      {error && (
        <div className="alert error" role="alert">
          {error.message}
        </div>
      )}
      {isPending && <p className="muted">Loading…</p>}
      {data && data.items.length === 0 && (
        <EmptyState title="No customers">Upload a customers CSV to see them here.</EmptyState>
      )}
      {data && data.items.length > 0 && (
        <table className="table" data-testid="customers-table">
          <thead>
            <tr>
              <th>Customer id</th>
              <th>Signed up</th>
              <th>Country</th>
              <th>Email (masked)</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => (
              <tr key={c.id}>
                <td>{c.externalId}</td>
                <td>{c.signupAt ? c.signupAt.slice(0, 10) : '—'}</td>
                <td>{c.country ?? '—'}</td>
                <td>{c.emailMasked ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
