import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { EXPERIMENT_USER_ROWS_SQL } from '@/lib/experiments/experiment-sums';
import { pgPool } from '@/lib/pg-pool';
import { seedDemoData } from '@/lib/seed/seed-demo-data';
import { DEMO_EXPERIMENT_KEY, seedDemoExperiment } from '@/lib/seed/seed-demo-experiment';

/**
 * Issue 21 item 3: bulk writes refresh the planner's statistics. Without them the experiment-results join plans as
 * a nested loop over every assignment (the estimate of "all assignments of this experiment" is a handful of rows).
 */
interface PlanNode {
  'Node Type': string;
  Plans?: PlanNode[];
}
const nodeTypes = (n: PlanNode): string[] => [n['Node Type'], ...(n.Plans ?? []).flatMap(nodeTypes)];

const DEMO = { customers: 1000 };

describe('statistics after bulk writes', () => {
  beforeAll(async () => {
    // the demo's own bulk path: three files through the upload pipeline, then the experiment's assignments
    const r = await seedDemoData('acme', DEMO);
    expect(r.skipped).toBe(false);
    await seedDemoExperiment('acme', DEMO);
  }, 180_000);

  it('the imported tables carry planner statistics as soon as the import has finished', async () => {
    const { rows } = await pgPool().query<{ tablename: string }>(
      `SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = 'public'
         AND tablename IN ('Event', 'OfferExposure', 'Customer', 'CustomerFeature') AND attname = 'customerId'
          OR (tablename = 'Customer' AND attname = 'id') ORDER BY tablename`,
    );
    expect(rows.map((r) => r.tablename)).toEqual(['Customer', 'CustomerFeature', 'Event', 'OfferExposure']);
  });

  it('the experiment-results query is planned with hash joins, not a nested loop, right after the bulk writes', async () => {
    const e = await db.experiment.findFirstOrThrow({
      where: { key: DEMO_EXPERIMENT_KEY, organization: { slug: 'acme' } },
    });
    expect(await db.assignment.count({ where: { experimentId: e.id } })).toBe(1000);
    const { rows } = await pgPool().query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${EXPERIMENT_USER_ROWS_SQL}`,
      [e.id, e.organizationId],
    );
    const types = nodeTypes(rows[0]['QUERY PLAN'][0].Plan);
    expect(types.filter((t) => t === 'Hash Join')).toHaveLength(2);
    expect(types).not.toContain('Nested Loop');
  });
});
