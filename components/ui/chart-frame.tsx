'use client';

import { useRef } from 'react';
import { ResponsiveContainer } from 'recharts';

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
            <button className="btn small" type="button" onClick={() => downloadCsv(data, `${slug}.csv`)}>
              CSV
            </button>
          )}
          <button className="btn small" type="button" onClick={() => void downloadPng(box.current, `${slug}.png`)}>
            PNG
          </button>
        </div>
      </div>
      <div ref={box} style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
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
