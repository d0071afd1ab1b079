import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import * as cancelRoute from '@/app/api/v1/datasets/[id]/cancel/route';
import * as datasetsRoute from '@/app/api/v1/datasets/route';
import { failInterruptedImports, runImportIfPending, runNextPendingImport } from '@/lib/datasets/run-import';
import { db } from '@/lib/db';
import { createApiKey } from '@/lib/settings/api-keys';
import { orgContext } from './helpers';

/**
 * Issue 21 item 4: the server only receives and queues an upload; a worker process claims and imports it. Through
 * the real route handlers and database, with the worker's own entry points (no worker process runs here).
 */
async function managerKey() {
  return (await createApiKey(await orgContext('acme', 'ADMIN'), { name: `q-${randomUUID()}`, role: 'MANAGER' })).key;
}

async function send(key: string, csv: string) {
  const qs = new URLSearchParams({ kind: 'customers', fileName: 'customers.csv' });
  const res = await datasetsRoute.POST(
    new NextRequest(`http://localhost/api/v1/datasets?${qs}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: csv,
    }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, body: await res.json() };
}

async function cancel(key: string, id: string) {
  const res = await cancelRoute.POST(
    new NextRequest(`http://localhost/api/v1/datasets/${id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
    }),
    { params: Promise.resolve({ id }) },
  );
  return { status: res.status, body: await res.json() };
}

const row = (id: string) => db.dataset.findUniqueOrThrow({ where: { id } });
const customers = (orgId: string, prefix: string) =>
  db.customer.count({ where: { organizationId: orgId, externalId: { startsWith: prefix } } });

describe('uploads queued for the worker (issue 21 item 4)', () => {
  it('answers 202 with the queued dataset (no server path in it); the worker imports it once, in order', async () => {
    const key = await managerKey();
    const ctx = await orgContext('acme', 'MANAGER');
    const a = await send(key, 'customer_id,signup_date,country\nQA1,2026-01-01,GB\nQA2,2026-01-02,FR\n');
    const b = await send(key, 'customer_id,signup_date,country\nQB1,2026-01-01,GB\n');
    expect([a.status, a.body.dataset.status, b.status, b.body.dataset.status]).toEqual([
      202,
      'PENDING',
      202,
      'PENDING',
    ]);
    expect(Object.keys(a.body.dataset)).not.toContain('uploadPath');
    expect(Object.keys(a.body.dataset)).not.toContain('importPlan');
    const queued = await row(a.body.dataset.id);
    expect(queued.importPlan).toMatchObject({
      createCustomers: false,
      duplicates: 'line',
      mapping: { kind: 'customers' },
    });
    expect(existsSync(queued.uploadPath as string)).toBe(true);
    // nothing is imported by the server itself
    expect([await customers(ctx.orgId, 'QA'), await customers(ctx.orgId, 'QB')]).toEqual([0, 0]);

    // the worker takes the oldest first, then the next, then finds nothing
    expect(await runNextPendingImport()).toBe(a.body.dataset.id);
    expect(await runNextPendingImport()).toBe(b.body.dataset.id);
    expect(await runNextPendingImport()).toBeNull();
    const done = await row(a.body.dataset.id);
    expect([done.status, done.rowsAccepted, existsSync(queued.uploadPath as string)]).toEqual(['COMPLETED', 2, false]);
    expect([
      (await row(b.body.dataset.id)).status,
      await customers(ctx.orgId, 'QA'),
      await customers(ctx.orgId, 'QB'),
    ]).toEqual(['COMPLETED', 2, 1]);
  });

  it('lets exactly one of two workers claim an import', async () => {
    const key = await managerKey();
    const ctx = await orgContext('acme', 'MANAGER');
    const csv = `customer_id,signup_date,country\n${Array.from({ length: 500 }, (_, i) => `QR${i},2026-01-01,GB`).join('\n')}\n`;
    const { body } = await send(key, csv);
    const claims = await Promise.all([runImportIfPending(body.dataset.id), runImportIfPending(body.dataset.id)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const d = await row(body.dataset.id);
    expect([d.status, d.rowsAccepted, d.rowsDuplicate, await customers(ctx.orgId, 'QR')]).toEqual([
      'COMPLETED',
      500,
      0,
      500,
    ]);
    expect(await runImportIfPending(body.dataset.id)).toBe(false); // finished: nothing to claim
  });

  it('cancels a queued import at once (file removed, no worker can start it) and refuses to cancel it twice', async () => {
    const key = await managerKey();
    const ctx = await orgContext('acme', 'MANAGER');
    const { body } = await send(key, 'customer_id,signup_date,country\nQC1,2026-01-01,GB\n');
    const file = (await row(body.dataset.id)).uploadPath as string;
    // a server start does not fail a queued import: a worker will run it
    expect(await failInterruptedImports()).toBe(0);
    expect((await row(body.dataset.id)).status).toBe('PENDING');
    expect(await cancel(key, body.dataset.id)).toEqual({
      status: 200,
      body: { id: body.dataset.id, cancelRequested: true },
    });
    const d = await row(body.dataset.id);
    expect([d.status, d.error, d.uploadPath, existsSync(file)]).toEqual([
      'CANCELLED',
      'Cancelled by a user before it started; no row of this file was kept',
      null,
      false,
    ]);
    expect(await runImportIfPending(body.dataset.id)).toBe(false);
    expect(await customers(ctx.orgId, 'QC')).toBe(0);
    const again = await cancel(key, body.dataset.id);
    expect([again.status, again.body.error.message]).toEqual([409, 'This import is already cancelled']);
  });

  it('fails, with a message and nothing stored, an import whose file a worker cannot find', async () => {
    const key = await managerKey();
    const ctx = await orgContext('acme', 'MANAGER');
    const { body } = await send(key, 'customer_id,signup_date,country\nQF1,2026-01-01,GB\n');
    await db.dataset.update({
      where: { id: body.dataset.id },
      data: { uploadPath: `/nonexistent/${randomUUID()}.csv` },
    });
    expect(await runImportIfPending(body.dataset.id)).toBe(true);
    const d = await row(body.dataset.id);
    expect([d.status, d.error, await customers(ctx.orgId, 'QF')]).toEqual([
      'FAILED',
      'The uploaded file is no longer in the upload directory (UPLOAD_DIR must be shared by the servers and the ' +
        'workers); upload it again',
      0,
    ]);
  });
});
