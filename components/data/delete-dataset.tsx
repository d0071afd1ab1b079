'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useDeleteDataset } from '@/lib/client/hooks/use-datasets';

/** Deletes a dataset after the user types its name; says in words what goes. The server checks role and name. */
export function DeleteDataset({ id, name, disabled }: { id: string; name: string; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const del = useDeleteDataset();
  const router = useRouter();
  if (!open) {
    return (
      <div className="card">
        <button className="btn danger" type="button" disabled={disabled} onClick={() => setOpen(true)}>
          Delete this dataset…
        </button>
      </div>
    );
  }
  return (
    <section className="card" aria-labelledby="delete-dataset-title">
      <h2 id="delete-dataset-title" style={{ marginTop: 0 }}>
        Delete “{name}”?
      </h2>
      <p>
        This removes the rows this file brought (its events or exposures, and the customers it created that nothing else
        refers to), its report and its duplicate fingerprints, in one step, and rebuilds the features. It is written to
        the audit log. The same file can be uploaded again afterwards.
      </p>
      <div className="field">
        <label htmlFor="confirm-delete">Type the dataset name to confirm</label>
        <input id="confirm-delete" value={typed} onChange={(e) => setTyped(e.target.value)} />
      </div>
      <div className="row">
        <button
          className="btn danger"
          type="button"
          disabled={typed !== name || del.isPending}
          onClick={() => del.mutate({ id, confirm: typed }, { onSuccess: () => router.push('/data') })}
        >
          Delete dataset
        </button>
        <button className="btn" type="button" onClick={() => setOpen(false)}>
          Keep it
        </button>
      </div>
      {del.error && (
        <div className="alert error" role="alert">
          {del.error.message}
        </div>
      )}
    </section>
  );
}
