'use client';

import { useRouter } from 'next/navigation';
import { AlertDialog } from 'radix-ui';
import { useState } from 'react';
import { useDeleteDataset } from '@/lib/client/hooks/use-datasets';

/**
 * Deletes a dataset from a confirmation dialog (Radix AlertDialog: focus trapped, Escape keeps the dataset) that
 * says in words what goes and asks for the dataset's name. The dialog stays open while the request runs and shows
 * its error; the server checks role and name.
 */
export function DeleteDataset({ id, name, disabled }: { id: string; name: string; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const del = useDeleteDataset();
  const router = useRouter();
  const onOpenChange = (next: boolean) => {
    if (del.isPending) return;
    setOpen(next);
    if (!next) {
      setTyped('');
      del.reset();
    }
  };
  return (
    <div className="card">
      <AlertDialog.Root open={open} onOpenChange={onOpenChange}>
        <AlertDialog.Trigger asChild>
          <button className="btn danger" type="button" disabled={disabled}>
            Delete this dataset…
          </button>
        </AlertDialog.Trigger>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="dialog-overlay" />
          <AlertDialog.Content className="dialog-content">
            <AlertDialog.Title className="dialog-title">Delete “{name}”?</AlertDialog.Title>
            <AlertDialog.Description className="dialog-effect">
              This removes the rows this file brought (its events or exposures, and the customers it created that
              nothing else refers to), its report and its duplicate fingerprints, in one step, and rebuilds the
              features. It is written to the audit log. The same file can be uploaded again afterwards.
            </AlertDialog.Description>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (typed === name) del.mutate({ id, confirm: typed }, { onSuccess: () => router.push('/data') });
              }}
            >
              <div className="field">
                <label htmlFor="confirm-delete">Type the dataset name to confirm</label>
                <input
                  id="confirm-delete"
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                  autoComplete="off"
                />
              </div>
              {del.error && (
                <div className="alert error" role="alert">
                  {del.error.message}
                </div>
              )}
              <div className="row" style={{ justifyContent: 'flex-end' }}>
                <AlertDialog.Cancel asChild>
                  <button className="btn" type="button" disabled={del.isPending}>
                    Keep it
                  </button>
                </AlertDialog.Cancel>
                <button className="btn danger" type="submit" disabled={typed !== name || del.isPending}>
                  {del.isPending ? 'Deleting…' : 'Delete dataset'}
                </button>
              </div>
            </form>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    </div>
  );
}
