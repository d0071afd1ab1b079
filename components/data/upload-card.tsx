'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRef, useState } from 'react';
import { ProgressBar } from '@/components/ui/progress-bar';
import { StatusBadge } from '@/components/ui/status-badge';
import { type DatasetRow, useCancelDataset, useDataset } from '@/lib/client/hooks/use-datasets';
import { queryKeys } from '@/lib/client/query-keys';
import { type UploadError, uploadFile } from '@/lib/client/upload';
import type { ImportMappingInput } from '@/lib/data/import-mapping';
import { MappingEditor } from './mapping-editor';

type Kind = 'customers' | 'events' | 'exposures';
const KIND_HELP: Record<Kind, string> = {
  customers: 'customer_id, signup_date, country, email, phone, name',
  events: 'customer_id, timestamp, type, product_id, category, price, quantity, session_id, dwell_seconds',
  exposures: 'customer_id, offer_id, discount_pct, shown_at, converted, revenue, propensity',
};

/** Upload a CSV (or .csv.gz): map its columns with a live preview, send with progress, follow the import, cancel it. */
export function UploadCard() {
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>('customers');
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [spec, setSpec] = useState<ImportMappingInput>({});
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const dataset = useDataset(datasetId);
  const cancel = useCancelDataset();

  async function send() {
    if (!file) return;
    setError(null);
    setNotice(null);
    setDatasetId(null);
    setSent(0);
    abort.current = new AbortController();
    const params = new URLSearchParams({ kind, fileName: file.name, ...(name ? { name } : {}) });
    params.set('mapping', JSON.stringify(spec));
    try {
      const res = await uploadFile<{ dataset: DatasetRow; duplicate: boolean }>(`/api/v1/datasets?${params}`, file, {
        onProgress: setSent,
        signal: abort.current.signal,
      });
      setDatasetId(res.dataset.id);
      if (res.duplicate) setNotice('This exact file was already imported: nothing was added.');
      await qc.invalidateQueries({ queryKey: queryKeys.datasets.all() });
    } catch (e) {
      setError((e as UploadError).message);
    } finally {
      setSent(null);
    }
  }

  const d = dataset.data;
  const importing = d && (d.status === 'IMPORTING' || d.status === 'PENDING');
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Upload behaviour data</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <div className="field">
          <label htmlFor="upload-kind">Kind of file</label>
          <select
            id="upload-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Kind);
              setSpec({});
            }}
          >
            <option value="customers">Customers</option>
            <option value="events">Events (view, search, cart, purchase)</option>
            <option value="exposures">Offer exposures (discount shown, converted, revenue)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="upload-name">Name (optional)</label>
          <input id="upload-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
        </div>
        <div className="field">
          <label htmlFor="upload-file">CSV file</label>
          <input
            id="upload-file"
            type="file"
            accept=".csv,.gz,text/csv,application/gzip"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setSpec({});
            }}
          />
        </div>
        <div className="field">
          <button className="btn primary" type="submit" disabled={!file || sent !== null}>
            Upload
          </button>
        </div>
      </form>
      <p className="muted small">
        Expected columns for {kind}: <code>{KIND_HELP[kind]}</code>. Other header names are recognised or can be mapped
        below, with constants, a derived value and the date format; .csv.gz files are accepted.
      </p>

      {file && <MappingEditor kind={kind} file={file} spec={spec} onChange={setSpec} />}

      {sent !== null && (
        <div className="row">
          <div style={{ flex: 1 }}>
            <ProgressBar value={sent} label="Uploading" testId="upload-progress" />
          </div>
          <button className="btn danger" type="button" onClick={() => abort.current?.abort()}>
            Cancel upload
          </button>
        </div>
      )}
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      {notice && <div className="alert success">{notice}</div>}
      {d && (
        <div data-testid="import-status">
          {importing && (
            <div className="row">
              <div style={{ flex: 1 }}>
                <ProgressBar
                  value={d.progress}
                  label={
                    d.status === 'PENDING'
                      ? 'Queued: waiting for a worker to start the import'
                      : `Importing ${d.rowsTotal.toLocaleString('en-GB')} rows`
                  }
                  testId="import-progress"
                />
              </div>
              <button
                className="btn danger"
                type="button"
                disabled={d.cancelRequested || cancel.isPending}
                onClick={() => cancel.mutate(d.id)}
              >
                {d.cancelRequested ? 'Cancelling…' : 'Cancel import'}
              </button>
            </div>
          )}
          {!importing && (
            <div className={`alert ${d.status === 'COMPLETED' ? 'success' : 'error'}`}>
              <StatusBadge status={d.status} /> <strong>{d.name}</strong>:{' '}
              <span data-testid="import-accepted">{d.rowsAccepted.toLocaleString('en-GB')}</span> rows kept,{' '}
              <span data-testid="import-rejected">{d.rowsRejected.toLocaleString('en-GB')}</span> rejected,{' '}
              <span data-testid="import-duplicates">{d.rowsDuplicate.toLocaleString('en-GB')}</span> exact duplicates
              dropped, {d.rowsWarned.toLocaleString('en-GB')} kept with a cleared value
              {d.error ? ` — ${d.error}` : ''}. <Link href={`/data/${d.id}`}>Open the report and profile</Link>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
