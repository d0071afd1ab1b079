import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { failInterruptedImports } from '@/lib/datasets/run-import';
import { db } from '@/lib/db';
import { orgContext } from './helpers';

describe('start-up recovery with several app instances (issue 15 item 3, two instances)', () => {
  it('leaves an import another live process is running alone, and fails it once that process is gone', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const ds = await db.dataset.create({
      data: {
        organizationId: admin.orgId,
        kind: 'EVENTS',
        name: 'running elsewhere',
        fileName: 'elsewhere.csv',
        contentHash: 'e'.repeat(64),
        mappingHash: 'm'.repeat(64),
        status: 'IMPORTING',
      },
    });
    // another instance's import: its connection holds the import's lock (as runImport's does)
    const other = new Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    await other.query(`SELECT pg_advisory_lock(hashtextextended('import:' || $1, 0))`, [ds.id]);
    expect(await failInterruptedImports()).toBe(0);
    expect((await db.dataset.findUniqueOrThrow({ where: { id: ds.id } })).status).toBe('IMPORTING');
    // that process dies: its connection closes, the lock goes with it, and the next start recovers the import
    await other.end();
    expect(await failInterruptedImports()).toBe(1);
    const after = await db.dataset.findUniqueOrThrow({ where: { id: ds.id } });
    expect([after.status, after.error]).toEqual([
      'FAILED',
      'Interrupted by a server restart; no row of this file was kept. Upload it again.',
    ]);
  });
});
