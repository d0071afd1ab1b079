'use client';

import { useEffect, useState } from 'react';
import { Select } from '@/components/ui/select';
import {
  type MappingKind,
  previewMapping,
  useImportMappings,
  useSaveImportMapping,
} from '@/lib/client/hooks/use-import-mappings';
import { CSV_SCHEMAS } from '@/lib/data/csv-schema';
import { DATE_FORMAT_LABELS, DATE_FORMATS } from '@/lib/data/date-formats';
import { describeDuplicateRule, type ImportMappingInput } from '@/lib/data/import-mapping';
import type { MappingPreview } from '@/lib/data/preview-mapping';

const CONSTANT = '__constant__';
const OPS = { starts_with: 'starts with', equals: 'equals', contains: 'contains', negative: 'is negative' } as const;
type Rule = NonNullable<ImportMappingInput['derive']>[number];

/**
 * How the columns of the chosen file become OfferPilot's: per column a header cell or a constant, one derived value
 * ("type = return when InvoiceNo starts with C"), the date format and time zone, options; a live preview of the
 * first rows parsed, with the date ambiguity called out; save as a named mapping, or start from a saved one.
 */
export function MappingEditor(props: {
  kind: MappingKind;
  file: File;
  spec: ImportMappingInput;
  onChange: (spec: ImportMappingInput) => void;
}) {
  const { kind, file, spec, onChange } = props;
  const [preview, setPreview] = useState<MappingPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [saveName, setSaveName] = useState('');
  const saved = useImportMappings();
  const save = useSaveImportMapping();

  useEffect(() => {
    let live = true;
    previewMapping(file, kind, spec)
      .then((p) => live && (setPreview(p), setPreviewError(null)))
      .catch((e: Error) => live && setPreviewError(e.message));
    return () => {
      live = false;
    };
  }, [file, kind, spec]);

  const header = preview?.header ?? [];
  const columns = spec.columns ?? {};
  const constants = spec.constants ?? {};
  const rule: Rule | undefined = spec.derive?.[0];
  const setRule = (r: Rule | undefined) => onChange({ ...spec, derive: r ? [r] : [] });
  const sourceOf = (col: string) => (col in constants ? CONSTANT : (columns[col] ?? ''));
  const setSource = (col: string, v: string) => {
    const nextCols = { ...columns };
    const nextConst = { ...constants };
    delete nextCols[col];
    delete nextConst[col];
    if (v === CONSTANT) nextConst[col] = constants[col] ?? '';
    else if (v) nextCols[col] = v;
    onChange({ ...spec, columns: nextCols, constants: nextConst });
  };
  const mine = (saved.data?.items ?? []).filter((m) => m.kind === kind);

  return (
    <div className="card" data-testid="mapping-editor">
      <strong>How to read this file</strong>
      <div className="row">
        <div className="field">
          <label htmlFor="saved-mapping">Saved mapping</label>
          <select
            id="saved-mapping"
            value=""
            onChange={(e) => {
              const m = mine.find((x) => x.id === e.target.value);
              if (m) onChange(m.spec);
            }}
          >
            <option value="">— start from a saved mapping —</option>
            {mine.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="date-format">Date format</label>
          <select
            id="date-format"
            value={spec.dateFormat ?? 'auto'}
            onChange={(e) => onChange({ ...spec, dateFormat: e.target.value as ImportMappingInput['dateFormat'] })}
          >
            <option value="auto">Detect from the first rows</option>
            {DATE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {DATE_FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="time-zone">Time zone of the dates</label>
          <input
            id="time-zone"
            value={spec.timeZone ?? 'UTC'}
            onChange={(e) => onChange({ ...spec, timeZone: e.target.value })}
            maxLength={64}
          />
        </div>
        <div className="field">
          <label htmlFor="duplicate-rule">A duplicate is a row with</label>
          <Select
            id="duplicate-rule"
            label="What makes a duplicate"
            value={spec.duplicates ?? 'line'}
            onChange={(v) => onChange({ ...spec, duplicates: v as 'line' | 'key' })}
            options={(['line', 'key'] as const).map((m) => ({ value: m, label: describeDuplicateRule(kind, m) }))}
          />
        </div>
        {kind !== 'customers' && (
          <div className="field">
            <label>
              <input
                type="checkbox"
                checked={spec.createCustomers ?? false}
                onChange={(e) => onChange({ ...spec, createCustomers: e.target.checked })}
              />{' '}
              Create unknown customers from this file
            </label>
          </div>
        )}
      </div>

      <table className="table small">
        <thead>
          <tr>
            <th>Column</th>
            <th>Comes from</th>
            <th>Resolved</th>
          </tr>
        </thead>
        <tbody>
          {CSV_SCHEMAS[kind].map((c) => (
            <tr key={c.name}>
              <td>
                {c.name}
                {c.required ? ' *' : ''}
              </td>
              <td>
                <select
                  aria-label={`${c.name} comes from`}
                  value={sourceOf(c.name)}
                  onChange={(e) => setSource(c.name, e.target.value)}
                >
                  <option value="">Recognise by name</option>
                  {header.map((h) => (
                    <option key={h} value={h}>
                      Column “{h}”
                    </option>
                  ))}
                  <option value={CONSTANT}>The same value on every row…</option>
                </select>
                {c.name in constants && (
                  <input
                    aria-label={`${c.name} value`}
                    value={constants[c.name] ?? ''}
                    onChange={(e) => onChange({ ...spec, constants: { ...constants, [c.name]: e.target.value } })}
                  />
                )}
              </td>
              <td className="muted">{preview?.sources.find((s) => s.column === c.name)?.from ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <fieldset className="row">
        <legend>Derived value (optional)</legend>
        <div className="field">
          <label htmlFor="rule-column">Set column</label>
          <select
            id="rule-column"
            value={rule?.column ?? ''}
            onChange={(e) =>
              setRule(
                e.target.value
                  ? {
                      column: e.target.value,
                      value: rule?.value ?? '',
                      when: rule?.when ?? { source: header[0] ?? '', op: 'starts_with', arg: '' },
                    }
                  : undefined,
              )
            }
          >
            <option value="">— none —</option>
            {CSV_SCHEMAS[kind].map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        {rule && (
          <>
            <div className="field">
              <label htmlFor="rule-value">to the value</label>
              <input id="rule-value" value={rule.value} onChange={(e) => setRule({ ...rule, value: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="rule-source">when column</label>
              <select
                id="rule-source"
                value={rule.when.source}
                onChange={(e) => setRule({ ...rule, when: { ...rule.when, source: e.target.value } })}
              >
                {header.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="rule-op">condition</label>
              <select
                id="rule-op"
                value={rule.when.op}
                onChange={(e) => setRule({ ...rule, when: { ...rule.when, op: e.target.value as keyof typeof OPS } })}
              >
                {Object.entries(OPS).map(([k, label]) => (
                  <option key={k} value={k}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            {rule.when.op !== 'negative' && (
              <div className="field">
                <label htmlFor="rule-arg">text</label>
                <input
                  id="rule-arg"
                  value={rule.when.arg ?? ''}
                  onChange={(e) => setRule({ ...rule, when: { ...rule.when, arg: e.target.value } })}
                />
              </div>
            )}
          </>
        )}
      </fieldset>

      <MappingPreviewView preview={preview} error={previewError} />

      <div className="row">
        <div className="field">
          <label htmlFor="mapping-name">Save this mapping as</label>
          <input id="mapping-name" value={saveName} maxLength={80} onChange={(e) => setSaveName(e.target.value)} />
        </div>
        <div className="field">
          <button
            className="btn"
            type="button"
            disabled={!saveName.trim() || save.isPending}
            onClick={() => save.mutate({ name: saveName.trim(), kind, spec })}
          >
            Save mapping
          </button>
        </div>
        {save.isSuccess && <span className="muted small">Saved as “{save.data.name}”.</span>}
        {save.error && (
          <span className="alert error" role="alert">
            {save.error.message}
          </span>
        )}
      </div>
    </div>
  );
}

function MappingPreviewView({ preview, error }: { preview: MappingPreview | null; error: string | null }) {
  if (error) {
    return (
      <div className="alert error" role="alert" data-testid="mapping-preview">
        {error}
      </div>
    );
  }
  if (!preview) return <p className="muted small">Reading the first rows…</p>;
  const shown = preview.rows.slice(0, 8);
  return (
    <div data-testid="mapping-preview">
      {preview.detection && (
        <p className={preview.detection.ambiguous || !preview.detection.format ? 'alert error' : 'muted small'}>
          Dates: {preview.detection.message}
        </p>
      )}
      {preview.missing.length > 0 && (
        <p className="alert error">Required column(s) not mapped: {preview.missing.join(', ')}</p>
      )}
      {preview.problems.map((p) => (
        <p key={p} className="alert error">
          {p}
        </p>
      ))}
      {shown.length > 0 && (
        <table className="table small" data-testid="preview-rows">
          <caption className="muted small">First rows as they will be read</caption>
          <thead>
            <tr>
              <th>Line</th>
              <th>Customer</th>
              <th>Date (UTC)</th>
              <th>Type / values</th>
              <th>Problems</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.line}>
                <td>{r.line}</td>
                <td>{String(r.values.customerId ?? '')}</td>
                <td>{String(r.values.occurredAt ?? r.values.shownAt ?? r.values.signupAt ?? '')}</td>
                <td>{String(r.values.type ?? r.values.country ?? r.values.discountPct ?? '')}</td>
                <td>{[...r.errors, ...r.warnings].map((e) => `${e.column || 'row'}: ${e.message}`).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
