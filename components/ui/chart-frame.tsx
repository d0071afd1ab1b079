'use client';

import { useRef, useState } from 'react';
import { ResponsiveContainer } from 'recharts';
import { useFormat } from './format-provider';

/**
 * A titled card with a fixed-height responsive chart area, and export buttons: the chart's data as CSV (when
 * `data` is given) and the chart itself as PNG (its SVG drawn onto a canvas).
 */
export function ChartFrame({
  title,
  height = 220,
  children,
  testId,
  data,
}: {
  title: string;
  height?: number;
  children: React.ReactElement;
  testId?: string;
  data?: Record<string, unknown>[];
}) {
  const box = useRef<HTMLDivElement>(null);
  const [showTable, setShowTable] = useState(false);
  const slug =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'chart';
  return (
    <div className="card chart-card" data-testid={testId}>
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'flex-start', flexWrap: 'nowrap' }}>
        <h3>{title}</h3>
        <div className="row" style={{ gap: 4, flexWrap: 'nowrap' }}>
          {data && data.length > 0 && (
            <>
              <button
                className="btn small"
                type="button"
                aria-pressed={showTable}
                onClick={() => setShowTable((v) => !v)}
              >
                {showTable ? 'Chart' : 'Table'}
              </button>
              <button className="btn small" type="button" onClick={() => downloadCsv(data, `${slug}.csv`)}>
                CSV
              </button>
            </>
          )}
          <button className="btn small" type="button" onClick={() => void downloadPng(box.current, `${slug}.png`)}>
            PNG
          </button>
        </div>
      </div>
      {showTable && data ? (
        <DataTable rows={data} caption={title} />
      ) : (
        <div ref={box} style={{ width: '100%', height }} role="img" aria-label={title}>
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </div>
  );
}

/** The chart's numbers as a table: its text alternative, for screen readers and for reading exact values. */
function DataTable({ rows, caption }: { rows: Record<string, unknown>[]; caption: string }) {
  const format = useFormat();
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const show = (v: unknown) =>
    typeof v === 'number' ? format.number(v, 4) : v === null || v === undefined ? '—' : String(v);
  return (
    <div style={{ maxHeight: 320, overflow: 'auto' }}>
      <table className="table" data-testid="chart-table">
        <caption className="small">{caption}</caption>
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: chart rows have no identity and are never reordered
            <tr key={i}>
              {cols.map((c) => (
                <td key={c}>{show(r[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function save(blob: Blob, name: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(rows: Record<string, unknown>[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

function downloadCsv(rows: Record<string, unknown>[], name: string) {
  save(new Blob([toCsv(rows)], { type: 'text/csv' }), name);
}

async function downloadPng(container: HTMLElement | null, name: string) {
  const svg = container?.querySelector('svg');
  if (!svg) return;
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml' }));
  const img = new Image();
  await new Promise((resolve, reject) => {
    img.onload = resolve;
    img.onerror = reject;
    img.src = url;
  });
  const canvas = document.createElement('canvas');
  canvas.width = width * 2;
  canvas.height = height * 2;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.scale(2, 2);
  g.drawImage(img, 0, 0);
  URL.revokeObjectURL(url);
  canvas.toBlob((b) => b && save(b, name), 'image/png');
}
