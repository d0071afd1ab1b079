import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import * as reportRoute from '@/app/api/v1/datasets/[id]/report/route';
import * as datasetRoute from '@/app/api/v1/datasets/[id]/route';
import * as previewRoute from '@/app/api/v1/datasets/preview/route';
import * as datasetsRoute from '@/app/api/v1/datasets/route';
import * as importMappingsRoute from '@/app/api/v1/import-mappings/route';
import { failInterruptedImports, waitForImport } from '@/lib/datasets/run-import';
import { db } from '@/lib/db';
import { loadCustomerAggregates } from '@/lib/features/load-aggregates';
import { createApiKey } from '@/lib/settings/api-keys';
import { orgContext } from './helpers';

/** Issue 14 items 1–4 and issue 15 items 3, 4, 7, 8 through the real route handlers and database. */
async function keyFor(slug: 'acme' | 'globex', role: 'MANAGER' | 'ANALYST' | 'ADMIN' = 'MANAGER') {
  return (await createApiKey(await orgContext(slug, 'ADMIN'), { name: `k-${role}-${randomUUID()}`, role })).key;
}

async function upload(key: string, kind: string, body: string | Uint8Array, q: Record<string, string> = {}) {
  const qs = new URLSearchParams({ kind, fileName: `${kind}.csv`, ...q });
  const req = new NextRequest(`http://localhost/api/v1/datasets?${qs}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
    body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]),
  });
  const res = await datasetsRoute.POST(req, { params: Promise.resolve({}) });
  const json = await res.json();
  if (json?.dataset?.id) await waitForImport(json.dataset.id);
  const ds = json?.dataset?.id ? await db.dataset.findUniqueOrThrow({ where: { id: json.dataset.id } }) : null;
  return { status: res.status, body: json, ds };
}

async function report(key: string, id: string, severity = 'error') {
  const res = await reportRoute.GET(
    new NextRequest(`http://localhost/api/v1/datasets/${id}/report?severity=${severity}`, {
      headers: { authorization: `Bearer ${key}` },
    }),
    { params: Promise.resolve({ id }) },
  );
  return (await res.text()).trim().split('\n');
}

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const RETAIL_MAPPING = {
  columns: { timestamp: 'InvoiceDate', product_id: 'StockCode' },
  constants: { type: 'purchase' },
  derive: [{ column: 'type', value: 'return', when: { source: 'InvoiceNo', op: 'starts_with', arg: 'C' } }],
  dateFormat: 'mdy',
  createCustomers: true,
};
const RETAIL = [
  HEADER,
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,91850,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,91850,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,91850,United Kingdom', // exact duplicate of line 3
  '536365,71053,WHITE METAL LANTERN,7,12/1/2010 8:26,3.39,91850,United Kingdom', // differs in quantity: kept
  'C536379,D,Discount,-2,12/1/2010 9:41,3.39,91850,United Kingdom', // a return of 2 × 3.39
  '536414,22139,,56,12/1/2010 11:52,0,,United Kingdom', // no customer
  '536415,22139,"RETRO, SPOT",2,12/13/2010 11:52,1.25,91851,EIRE',
  '',
].join('\n');

describe('real merchant exports (issue 14.1–14.4)', () => {
  it('imports a .csv.gz invoice export with constants, a derived return type, M/D/YYYY and customers created from the file', async () => {
    const key = await keyFor('acme');
    const r = await upload(key, 'events', gzipSync(RETAIL), { mapping: JSON.stringify(RETAIL_MAPPING) });
    expect(r.status).toBe(202);
    const ds = r.ds!;
    expect([ds.status, ds.rowsTotal, ds.rowsAccepted, ds.rowsRejected, ds.rowsDuplicate]).toEqual([
      'COMPLETED',
      7,
      5,
      1,
      1,
    ]);
    const events = await db.event.findMany({
      where: { datasetId: ds.id },
      orderBy: { id: 'asc' },
      include: { customer: { select: { externalId: true, datasetId: true } } },
    });
    expect(events.map((e) => [e.type, e.quantity, e.price, e.occurredAt.toISOString(), e.customer.externalId])).toEqual(
      [
        ['PURCHASE', 6, 2.55, '2010-12-01T08:26:00.000Z', '91850'],
        ['PURCHASE', 6, 3.39, '2010-12-01T08:26:00.000Z', '91850'],
        ['PURCHASE', 7, 3.39, '2010-12-01T08:26:00.000Z', '91850'],
        ['RETURN', 2, 3.39, '2010-12-01T09:41:00.000Z', '91850'],
        ['PURCHASE', 2, 1.25, '2010-12-13T11:52:00.000Z', '91851'],
      ],
    );
    expect(events.every((e) => e.customer.datasetId === ds.id)).toBe(true);
    const errors = await report(key, ds.id);
    expect(errors.slice(1)).toEqual([
      '7,customer_id,missing_value,customer_id is required,536414,22139,,56,12/1/2010 11:52,0,,United Kingdom',
    ]);
    const dups = await report(key, ds.id, 'duplicate');
    expect(dups.slice(1)).toEqual([
      '4,,duplicate,exact duplicate of an earlier row,536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,91850,United Kingdom',
    ]);
    // returns net out of spend: 6×2.55 + 6×3.39 + 7×3.39 − 2×3.39 = 15.3 + 37.29 = 52.59
    const aggs = await loadCustomerAggregates(ds.organizationId, new Date('2011-01-01T00:00:00Z'));
    const c = [...aggs.values()].find((x) => x.externalId === '91850')!;
    expect(c.agg.monetary).toBeCloseTo(52.59, 9);
  });

  it('drops exact duplicates of earlier files, and treats the same file with another mapping as a new import', async () => {
    const key = await keyFor('acme');
    const head = [HEADER, '600001,A,x,1,1/2/2011 10:00,1,93001,France', '600002,B,y,1,1/2/2011 10:00,2,93001,France'];
    const first = await upload(key, 'events', `${head.join('\n')}\n`, { mapping: JSON.stringify(RETAIL_MAPPING) });
    expect(first.ds!.rowsAccepted).toBe(2);
    const second = await upload(
      key,
      'events',
      `${[...head.slice(0, 2), '600003,C,z,1,1/3/2011 10:00,3,93001,France'].join('\n')}\n`,
      {
        mapping: JSON.stringify(RETAIL_MAPPING),
      },
    );
    expect([second.ds!.rowsAccepted, second.ds!.rowsDuplicate]).toEqual([1, 1]);
    const same = await upload(key, 'events', `${head.join('\n')}\n`, { mapping: JSON.stringify(RETAIL_MAPPING) });
    expect([same.status, same.body.duplicate, same.body.dataset.id]).toEqual([200, true, first.ds!.id]);
    const dmy = await upload(key, 'events', `${head.join('\n')}\n`, {
      mapping: JSON.stringify({ ...RETAIL_MAPPING, dateFormat: 'dmy' }),
    });
    // a new import (the mapping is part of the key); every line is a duplicate of the first file's
    expect([dmy.status, dmy.ds!.rowsAccepted, dmy.ds!.rowsDuplicate, dmy.ds!.status]).toEqual([202, 0, 2, 'FAILED']);
  });

  it('marks a file that kept nothing as failed (not green) and lets the same file be imported again', async () => {
    const key = await keyFor('acme');
    const csv = `${HEADER}\n700001,A,x,1,1/2/2011 10:00,1,,France\n700002,A,x,1,1/2/2011 10:00,1,,France\n`;
    const m = { mapping: JSON.stringify({ ...RETAIL_MAPPING, createCustomers: false }) };
    const first = await upload(key, 'events', csv, m);
    expect([first.ds!.status, first.ds!.rowsAccepted, first.ds!.rowsRejected]).toEqual(['FAILED', 0, 2]);
    expect(first.ds!.error).toBe(
      'No row was kept: 2 rejected, 0 duplicates; most often customer_id: customer_id is required',
    );
    const again = await upload(key, 'events', csv, m);
    expect([again.status, again.body.duplicate]).toEqual([202, false]);
  });

  it('stops early with a "mapping is wrong" verdict, and caps stored rejections while counting them all', async () => {
    const key = await keyFor('acme');
    const bad = [HEADER, ...Array.from({ length: 1200 }, (_, i) => `8${i},A,x,1,1/2/2011 10:00,1,94001,France`)];
    // mapping the invoice number as the date: every row rejected for timestamp
    const r = await upload(key, 'events', `${bad.join('\n')}\n`, {
      mapping: JSON.stringify({ ...RETAIL_MAPPING, columns: { timestamp: 'InvoiceNo' }, dateFormat: 'iso' }),
    });
    expect(r.ds!.status).toBe('FAILED');
    expect(r.ds!.error).toMatch(/^The first 1,000 rows were all rejected for timestamp \(e\.g\. "80" is not a date/);
    expect(r.ds!.error).toMatch(/the mapping looks wrong/);
    expect(await db.event.count({ where: { datasetId: r.ds!.id } })).toBe(0);

    // 10,050 rejected rows between good ones: 10,000 stored in full, all counted
    const lines = [HEADER];
    for (let i = 0; i < 10_050; i++) {
      lines.push(`9${i},A,x,1,1/2/2011 10:00,1,95001,France`, `9${i},B,x,1,1/2/2011 10:00,1,,France`);
    }
    const big = await upload(key, 'events', `${lines.join('\n')}\n`, { mapping: JSON.stringify(RETAIL_MAPPING) });
    expect([big.ds!.status, big.ds!.rowsAccepted, big.ds!.rowsRejected]).toEqual(['COMPLETED', 10_050, 10_050]);
    expect(await db.datasetRejection.count({ where: { datasetId: big.ds!.id, severity: 'error' } })).toBe(10_000);
    const summary = big.ds!.problemSummary as {
      cap: number;
      groups: { column: string; code: string; count: number }[];
    };
    expect([summary.cap, summary.groups]).toEqual([
      10_000,
      [
        {
          severity: 'error',
          column: 'customer_id',
          code: 'missing_value',
          count: 10_050,
          example: 'customer_id is required',
        },
      ],
    ]);
  });

  it('reports one malformed quoted line once (issue 15.8) and refuses a record over the size cap (issue 15.4)', async () => {
    const key = await keyFor('acme');
    const csv = [
      HEADER,
      '610001,A,x,1,1/2/2011 10:00,1,96001,France',
      '610002,A,"bad "quote" here,1,1/2/2011 10:00,1,96001,France',
      '610003,A,x,1,1/2/2011 11:00,1,96001,France',
      '',
    ].join('\n');
    const r = await upload(key, 'events', csv, { mapping: JSON.stringify(RETAIL_MAPPING) });
    const rows = await db.datasetRejection.findMany({
      where: { datasetId: r.ds!.id },
      select: { line: true, code: true, message: true },
    });
    // the quote opened on line 3 never closes, so line 4 is swallowed by the same problem: one rejection
    expect(rows).toEqual([
      {
        line: 3,
        code: 'wrong_column_count',
        message: expect.stringMatching(/^unreadable CSV record: Invalid Closing Quote.* \(through line 4\)$/),
      },
    ]);
    expect([r.ds!.rowsAccepted, r.ds!.rowsRejected]).toEqual([1, 1]);

    const huge = `${HEADER}\n611001,A,x,1,1/2/2011 10:00,1,96001,France\n611002,A,"${'x'.repeat(1_100_000)}",1,1/2/2011 10:00,1,96001,France\n`;
    const h = await upload(key, 'events', huge, { mapping: JSON.stringify(RETAIL_MAPPING) });
    expect(h.ds!.status).toBe('FAILED');
    expect(h.ds!.error).toMatch(/^Line 3 is longer than the 1024 KiB limit for one CSV record/);
    expect(await db.event.count({ where: { datasetId: h.ds!.id } })).toBe(0);
  });

  it('deletes a dataset (managers, with confirmation, audited, in one go) and the same file imports again', async () => {
    const key = await keyFor('acme');
    const csv = `${HEADER}\n620001,A,x,1,1/2/2011 10:00,1,97001,France\n620002,A,x,2,1/2/2011 10:00,1,97002,France\n`;
    const m = { mapping: JSON.stringify(RETAIL_MAPPING) };
    const r = await upload(key, 'events', csv, m);
    const id = r.ds!.id;
    const del = (k: string, confirm: string, target = id) =>
      datasetRoute.DELETE(
        new NextRequest(`http://localhost/api/v1/datasets/${target}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' },
          body: JSON.stringify({ confirm }),
        }),
        { params: Promise.resolve({ id: target }) },
      );
    expect((await del(await keyFor('acme', 'ANALYST'), r.ds!.name)).status).toBe(403);
    expect((await del(await keyFor('globex'), r.ds!.name)).status).toBe(404);
    const wrong = await del(key, 'nope');
    expect([wrong.status, (await wrong.json()).error.code]).toEqual([422, 'unprocessable']);
    const ok = await del(key, r.ds!.name);
    expect(ok.status).toBe(200);
    expect((await ok.json()).removed).toEqual({ events: 2, exposures: 0, customers: 2 });
    expect(await db.dataset.count({ where: { id } })).toBe(0);
    expect(await db.customer.count({ where: { externalId: { in: ['97001', '97002'] } } })).toBe(0);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'dataset.delete', entityId: id } });
    expect(audit.diff).toMatchObject({ removed: { events: 2, customers: 2 } });
    const again = await upload(key, 'events', csv, m);
    expect([again.status, again.ds!.rowsAccepted]).toEqual([202, 2]);
  });

  it('saves named mappings per organisation and uploads with one by id', async () => {
    const key = await keyFor('acme');
    const save = await importMappingsRoute.POST(
      new NextRequest('http://localhost/api/v1/import-mappings', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Online Retail invoices', kind: 'events', spec: RETAIL_MAPPING }),
      }),
      { params: Promise.resolve({}) },
    );
    const saved = await save.json();
    expect([save.status, saved.name, saved.spec.dateFormat, saved.spec.timeZone]).toEqual([
      200,
      'Online Retail invoices',
      'mdy',
      'UTC',
    ]);
    const csv = `${HEADER}\n630001,A,x,1,1/2/2011 10:00,1,98001,France\n`;
    const r = await upload(key, 'events', csv, { mappingId: saved.id });
    expect([r.status, r.ds!.rowsAccepted]).toEqual([202, 1]);
    const other = await upload(await keyFor('globex'), 'events', csv, { mappingId: saved.id });
    expect(other.status).toBe(404);
    const wrongKind = await upload(key, 'customers', 'customer_id\nX\n', { mappingId: saved.id });
    expect(wrongKind.status).toBe(422);
    const badTz = await importMappingsRoute.POST(
      new NextRequest('http://localhost/api/v1/import-mappings', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x', kind: 'events', spec: { timeZone: 'Mars/Olympus' } }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(badTz.status).toBe(400);
  });

  it('previews a mapping on the first bytes of a gzip file, calling out M/D vs D/M', async () => {
    const key = await keyFor('acme');
    const gz = gzipSync(RETAIL.split('\n').slice(0, 3).join('\n'));
    const preview = (mapping: unknown) =>
      previewRoute.POST(
        new NextRequest(
          `http://localhost/api/v1/datasets/preview?kind=events&mapping=${encodeURIComponent(JSON.stringify(mapping))}`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
            body: new Blob([gz.subarray(0, gz.length - 4) as Uint8Array<ArrayBuffer>]), // truncated stream
          },
        ),
        { params: Promise.resolve({}) },
      );
    const auto = await (await preview({ ...RETAIL_MAPPING, dateFormat: 'auto' })).json();
    // the cut-off last line is dropped: one complete data row
    expect([auto.ok, auto.dateFormat, auto.detection.ambiguous, auto.detection.sampled]).toEqual([
      false,
      null,
      true,
      1,
    ]);
    const mdy = await (await preview(RETAIL_MAPPING)).json();
    expect(
      mdy.rows.map((r: { values: { occurredAt: string; type: string } }) => [r.values.occurredAt, r.values.type]),
    ).toEqual([['2010-12-01T08:26:00.000Z', 'purchase']]);
  });
});

describe('recovery and limits (issue 15.3, 15.4)', () => {
  it('marks an import interrupted by a stopped server failed, removes its temp file, and accepts the file again', async () => {
    const key = await keyFor('acme');
    const ctx = await orgContext('acme', 'MANAGER');
    const csv = `${HEADER}\n640001,A,x,1,1/2/2011 10:00,1,99001,France\n`;
    const first = await upload(key, 'events', csv, { mapping: JSON.stringify(RETAIL_MAPPING) });
    // what a killed server leaves: the dataset IMPORTING and its upload file on disk
    const tmp = path.join(os.tmpdir(), `offerpilot-interrupted-${randomUUID()}.csv`);
    await writeFile(tmp, csv);
    await db.dataset.update({ where: { id: first.ds!.id }, data: { status: 'IMPORTING', uploadPath: tmp } });
    const stuck = await upload(key, 'events', csv, { mapping: JSON.stringify(RETAIL_MAPPING) });
    expect(stuck.status).toBe(409);
    expect(await failInterruptedImports()).toBeGreaterThanOrEqual(1);
    const after = await db.dataset.findUniqueOrThrow({ where: { id: first.ds!.id } });
    expect([after.status, after.error, existsSync(tmp)]).toEqual([
      'FAILED',
      'Interrupted by a server restart; no row of this file was kept. Upload it again.',
      false,
    ]);
    const again = await upload(key, 'events', csv, { mapping: JSON.stringify(RETAIL_MAPPING) });
    expect(again.status).toBe(202);
    expect(ctx.orgId).toBe(again.ds!.organizationId);
  });

  it('refuses a chunked JSON body over the limit while it streams, before reading it all (413)', async () => {
    const key = await keyFor('acme');
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 64 << 20) return c.close();
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    const res = await importMappingsRoute.POST(
      new NextRequest('http://localhost/api/v1/import-mappings', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as ConstructorParameters<typeof NextRequest>[1]),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(413);
    // stopped a little past the 1 MiB limit, not after all 64 MiB
    expect(sent).toBeLessThan(4 << 20);
  });
});
