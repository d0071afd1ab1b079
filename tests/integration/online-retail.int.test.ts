import { describe, expect, it } from 'vitest';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { createSegmentationJob } from '@/lib/jobs/jobs';
import { runOneJob } from '@/lib/jobs/worker';
import { ZSegmentJobParams } from '@/lib/segments/segment-params';
import { sharedDataFile } from '../shared-data';

/**
 * The whole UCI Online Retail export (541,909 invoice lines, read from the workspace's shared data, never copied
 * into the repository) imported as events with the journey's mapping, then segmented by k-means with the default
 * features (issue 14). Expected counts from an independent Python csv pass over the same file (see
 * bench/online-retail-import.ts): 401,604 kept, 135,080 rejected (no CustomerID), 5,225 exact duplicates,
 * 8,872 returns, 4,372 customers.
 */
const data = sharedDataFile('online-retail.csv.gz');
if (!data.file) console.log(`online-retail.int.test.ts ${data.reason}`);

const MAPPING = {
  columns: { timestamp: 'InvoiceDate', product_id: 'StockCode' },
  constants: { type: 'purchase' },
  derive: [{ column: 'type', value: 'return', when: { source: 'InvoiceNo', op: 'starts_with', arg: 'C' } }],
  dateFormat: 'mdy',
  createCustomers: true,
};

describe.skipIf(!data.file)('UCI Online Retail: the real export imports and segments', () => {
  it('keeps every line with a customer (returns as returns), counts exact duplicates, and k-means finds more than one sizeable segment', async () => {
    const org = await db.organization.create({
      data: { name: 'Online Retail', slug: `retail-${process.pid}`, piiSecret: 'r'.repeat(32) },
    });
    const u = await db.user.create({
      data: { email: `retail-${process.pid}@t.test`, name: 'r', passwordHash: 'x' },
    });
    await db.membership.create({ data: { organizationId: org.id, userId: u.id, role: 'ADMIN' } });
    const ctx = {
      orgId: org.id,
      orgName: org.name,
      role: 'ADMIN' as const,
      userId: u.id,
      apiKeyId: null,
      actorLabel: 'r',
    };
    const t0 = performance.now();
    const { dataset } = await importLocalFile(ctx, 'events', data.file!, 'Online Retail', MAPPING);
    const secs = (performance.now() - t0) / 1000;
    const d = await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
    console.log(`online retail: ${d.rowsTotal} lines imported in ${secs.toFixed(1)} s`);
    expect([d.status, d.rowsTotal, d.rowsAccepted, d.rowsRejected, d.rowsDuplicate]).toEqual([
      'COMPLETED',
      541_909,
      401_604,
      135_080,
      5_225,
    ]);
    expect(await db.event.count({ where: { datasetId: d.id, type: 'RETURN' } })).toBe(8_872);
    expect(await db.customer.count({ where: { organizationId: org.id } })).toBe(4_372);

    const job = await createSegmentationJob(ctx, ZSegmentJobParams.parse({ algorithm: 'kmeans' }));
    expect(await runOneJob('retail-seg')).toBe(job.id);
    const done = await db.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
    expect([done.status, done.error]).toEqual(['SUCCEEDED', null]);
    const sizes = (await db.segment.findMany({ where: { jobId: job.id }, select: { size: true } }))
      .map((s) => s.size)
      .sort((a, b) => b - a);
    console.log(`online retail k-means segment sizes: ${sizes.join(', ')}`);
    expect(sizes.reduce((s, v) => s + v, 0)).toBe(4_372);
    expect(sizes.length).toBeGreaterThan(1);
    // no segment holds more than 90 % of the customers, and the second largest is sizeable (≥ 5 %)
    expect(sizes[0] / 4_372).toBeLessThanOrEqual(0.9);
    expect(sizes[1] / 4_372).toBeGreaterThanOrEqual(0.05);
  }, 1_800_000);
});
