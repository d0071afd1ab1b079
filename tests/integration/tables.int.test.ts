import { beforeAll, describe, expect, it } from 'vitest';
import * as customersRoute from '@/app/api/v1/customers/route';
import * as datasetsRoute from '@/app/api/v1/datasets/route';
import * as jobsRoute from '@/app/api/v1/jobs/route';
import * as modelsRoute from '@/app/api/v1/models/route';
import { db } from '@/lib/db';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

// Rows of its own (names prefixed "tbl-"), so the expected orders are known whatever else the database holds.
let key: string;
let orgId: string;
const AUCS = [0.61, 0.75, 0.58, 0.75, 0.7];
const modelIds: string[] = [];

beforeAll(async () => {
  const admin = await orgContext('acme', 'ADMIN');
  orgId = admin.orgId;
  key = (await createApiKey(admin, { name: 'tables', role: 'ANALYST' })).key;
  for (const [i, auc] of AUCS.entries()) {
    const m = await db.modelVersion.create({
      data: {
        organizationId: orgId,
        name: 'tbl-Model',
        version: 100 + i,
        algorithm: i % 2 ? 'gbdt' : 'logistic',
        params: {},
        metrics: { holdout: { auc, logLoss: 0.5 } },
        featureSchema: {},
        modelJson: {},
        isActive: false,
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
      },
    });
    modelIds.push(m.id);
  }
  for (const [i, [fileName, accepted]] of (
    [
      ['tbl-Spring.csv', 30],
      ['tbl-summer.csv', 10],
      ['tbl-SPRING-2.csv', 20],
    ] as const
  ).entries()) {
    await db.dataset.create({
      data: {
        organizationId: orgId,
        name: `tbl upload ${i}`,
        kind: 'EVENTS',
        status: 'COMPLETED',
        fileName,
        contentHash: `tbl-${i}`,
        rowsTotal: accepted,
        rowsAccepted: accepted,
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
      },
    });
  }
  for (const [i, progress] of [0.5, 0.25, 1, 0].entries()) {
    await db.trainingJob.create({
      data: {
        organizationId: orgId,
        params: { name: `tbl-job-${i}`, algorithms: [{ name: 'logistic' }] },
        progress,
        status: 'CANCELLED',
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
      },
    });
  }
});

const ids = (body: { items: { id: string }[] }) => body.items.map((r) => r.id);

describe('server-side tables: search, sort, page', () => {
  it('models sort by holdout AUC (ties by id) across pages, and "served" puts the active version first', async () => {
    const byAuc = modelIds
      .map((id, i) => ({ id, auc: AUCS[i] }))
      .sort((a, b) => b.auc - a.auc || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);
    const pages = [];
    for (const page of [1, 2, 3]) {
      const r = await call(modelsRoute.GET, {
        url: `/api/v1/models?q=TBL-model&sort=auc&dir=desc&pageSize=2&page=${page}`,
        key,
      });
      expect(r.status).toBe(200);
      expect([r.body.total, r.body.pages, r.body.page]).toEqual([5, 3, page]);
      pages.push(...ids(r.body));
    }
    expect(pages).toEqual(byAuc);

    await db.modelVersion.update({ where: { id: modelIds[2] }, data: { isActive: true } });
    const served = await call(modelsRoute.GET, { url: '/api/v1/models?q=tbl&sort=served&dir=desc&pageSize=1', key });
    expect(ids(served.body)).toEqual([modelIds[2]]);
    await db.modelVersion.update({ where: { id: modelIds[2] }, data: { isActive: false } });

    const algo = await call(modelsRoute.GET, { url: '/api/v1/models?q=GBDT&sort=createdAt&dir=asc', key });
    expect(
      algo.body.items
        .filter((m: { name: string }) => m.name === 'tbl-Model')
        .map((m: { version: number }) => m.version),
    ).toEqual([101, 103]);
  });

  it('an unknown sort column or a bad page is a 400 naming the allowed values', async () => {
    const bad = await call(modelsRoute.GET, { url: '/api/v1/models?sort=onnx', key });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('sort must be one of createdAt, name, algorithm, auc, served');
    expect((await call(jobsRoute.GET, { url: '/api/v1/jobs?page=0', key })).status).toBe(400);
    expect((await call(datasetsRoute.GET, { url: '/api/v1/datasets?pageSize=1000', key })).status).toBe(400);
  });

  it('datasets search name or file name ignoring case and sort by rows kept', async () => {
    const r = await call(datasetsRoute.GET, { url: '/api/v1/datasets?q=spring&sort=rowsAccepted&dir=asc', key });
    expect(r.body.items.map((d: { fileName: string }) => d.fileName)).toEqual(['tbl-SPRING-2.csv', 'tbl-Spring.csv']);
    expect(r.body.total).toBe(2);
  });

  it('jobs search by name and sort by progress', async () => {
    const r = await call(jobsRoute.GET, { url: '/api/v1/jobs?q=tbl-job&sort=progress&dir=desc&pageSize=3', key });
    expect(r.body.items.map((j: { params: { name: string } }) => j.params.name)).toEqual([
      'tbl-job-2',
      'tbl-job-0',
      'tbl-job-1',
    ]);
    expect([r.body.total, r.body.pages]).toEqual([4, 2]);
    const last = await call(jobsRoute.GET, {
      url: '/api/v1/jobs?q=tbl-job&sort=progress&dir=desc&pageSize=3&page=2',
      key,
    });
    expect(last.body.items.map((j: { params: { name: string } }) => j.params.name)).toEqual(['tbl-job-3']);
  });

  it('customers sorted by country page by cursor without gaps or repeats, missing countries last', async () => {
    const prefix = 'tblc-';
    const countries = ['GB', null, 'DE', 'GB', 'FR', null, 'DE', 'GB'];
    await db.customer.createMany({
      data: countries.map((country, i) => ({ organizationId: orgId, externalId: `${prefix}${i}`, country })),
    });
    const rows = await db.customer.findMany({ where: { organizationId: orgId, externalId: { startsWith: prefix } } });
    // brute force: country descending with missing last, then id descending
    const expected = rows
      .sort((a, b) => {
        if (a.country === b.country) return a.id < b.id ? 1 : -1;
        if (a.country === null) return 1;
        if (b.country === null) return -1;
        return a.country < b.country ? 1 : -1;
      })
      .map((r) => r.externalId);
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 5; i++) {
      const r = await call(customersRoute.GET, {
        url: `/api/v1/customers?q=${prefix}&sort=country&dir=desc&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        key,
      });
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((c: { externalId: string }) => c.externalId));
      if (!r.body.nextCursor) break;
      cursor = r.body.nextCursor;
    }
    expect(seen).toEqual(expected);
  });
  it('customers page by cursor in every sort and direction, missing values last; a foreign cursor is a 404', async () => {
    const prefix = 'tbls-';
    const signups = ['2025-03-01', null, '2025-01-15', '2025-03-01', null, '2024-12-31', '2025-01-15'];
    const countries = ['DE', 'GB', null, 'DE', 'FR', null, 'GB'];
    await db.customer.createMany({
      data: signups.map((d, i) => ({
        organizationId: orgId,
        externalId: `${prefix}${i}`,
        signupAt: d ? new Date(`${d}T00:00:00Z`) : null,
        country: countries[i],
      })),
    });
    const rows = await db.customer.findMany({ where: { organizationId: orgId, externalId: { startsWith: prefix } } });
    for (const sort of ['externalId', 'signupAt', 'country', 'createdAt'] as const)
      for (const dir of ['asc', 'desc'] as const) {
        const sign = dir === 'asc' ? 1 : -1;
        const value = (r: (typeof rows)[number]) => {
          const v = r[sort];
          return v instanceof Date ? v.getTime() : v;
        };
        // brute force: the column in `dir` with missing values last, then the id in `dir`
        const expected = [...rows]
          .sort((a, b) => {
            const [x, y] = [value(a), value(b)];
            if (x === y) return a.id < b.id ? -sign : sign;
            if (x === null) return 1;
            if (y === null) return -1;
            return x < y ? -sign : sign;
          })
          .map((r) => r.externalId);
        const seen: string[] = [];
        let cursor = '';
        for (let i = 0; i < 5; i++) {
          const r = await call(customersRoute.GET, {
            url: `/api/v1/customers?q=${prefix}&sort=${sort}&dir=${dir}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
            key,
          });
          expect(r.status).toBe(200);
          seen.push(...r.body.items.map((c: { externalId: string }) => c.externalId));
          if (!r.body.nextCursor) break;
          cursor = r.body.nextCursor;
        }
        expect([sort, dir, seen]).toEqual([sort, dir, expected]);
      }
    const foreign = await db.customer.findFirstOrThrow({ where: { organizationId: { not: orgId } } });
    const r = await call(customersRoute.GET, { url: `/api/v1/customers?limit=2&cursor=${foreign.id}`, key });
    expect([r.status, r.body.error.code]).toEqual([404, 'not_found']);
  });
});
