import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { getOverview } from '@/lib/overview/get-overview';
import { analyzeTables } from '@/lib/postgres/analyze-tables';
import { type CountedTable, orgRowCount } from '@/lib/postgres/org-row-count';
import { orgContext } from './helpers';

/**
 * Headline counts: exact for small organisations, the planner's estimate past a threshold. Acme gets 6,000 events
 * over 120 customers here (all in one month, so in one partition of Event); with every row of this small table in
 * ANALYZE's sample, the statistics hold Acme's exact share, so the estimate is within a few rows of the truth.
 */
let acme = '';
let globex = '';

beforeAll(async () => {
  acme = (await orgContext('acme', 'ANALYST')).orgId;
  globex = (await orgContext('globex', 'ANALYST')).orgId;
  await db.$executeRaw`DELETE FROM "Event" WHERE "organizationId" IN (${acme}, ${globex})`;
  await db.$executeRaw`INSERT INTO "Customer" (id, "organizationId", "externalId")
    SELECT 'orc-' || g, ${acme}, 'ORC' || g FROM generate_series(1, 120) g`;
  await db.$executeRaw`INSERT INTO "Event" ("organizationId", "customerId", type, "occurredAt", quantity)
    SELECT ${acme}, 'orc-' || (1 + g % 120), 'VIEW', '2026-05-01T00:00:00Z'::timestamptz + g * interval '1 minute', 1
    FROM generate_series(1, 6000) g`;
  await analyzeTables(['Event', 'Customer']);
});

describe('per-organisation row counts', () => {
  it('counts exactly below the threshold, and gives the statistics estimate, marked approximate, above it', async () => {
    expect(await orgRowCount('Event', acme)).toEqual({ count: 6000, approximate: false });
    // the estimate: Acme's share from the statistics of the month's partition, plus the planner's floor of one row
    // for each other (empty) partition of Event — within 1 % of the truth here
    const estimate = await orgRowCount('Event', acme, { exactBelow: 1000 });
    expect(estimate.approximate).toBe(true);
    expect(Math.abs(estimate.count - 6000)).toBeLessThanOrEqual(60);
    // an organisation with no events: the planner never estimates 0 rows, so the small estimate is counted exactly
    expect(await orgRowCount('Event', globex, { exactBelow: 1000 })).toEqual({ count: 0, approximate: false });
  });

  it('the Overview shows the exact counts of a small organisation', async () => {
    const o = await getOverview(await orgContext('acme', 'ANALYST'));
    const customers = await db.customer.count({ where: { organizationId: acme } });
    expect(o.events).toEqual({ count: 6000, approximate: false });
    expect(o.customers).toEqual({ count: customers, approximate: false });
  });

  it('refuses a table that is not on the list (the name is put into SQL)', async () => {
    await expect(orgRowCount('Event"; DROP TABLE "Event' as CountedTable, acme)).rejects.toThrow(/not a counted table/);
  });
});
