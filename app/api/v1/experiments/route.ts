import { NextResponse } from 'next/server';
import { createExperiment, listExperiments, ZCreateExperiment } from '@/lib/experiments/experiment-store';
import { withOrg } from '@/lib/http/with-org';

export const runtime = 'nodejs';

export const GET = withOrg(
  { permission: 'experiments.read', doc: { summary: 'List experiments' } },
  async ({ ctx }) => ({
    items: await listExperiments(ctx),
  }),
);

export const POST = withOrg(
  {
    permission: 'experiments.edit',
    doc: {
      summary:
        'Create an experiment (control first; each arm a fixed discount, a policy version of its campaign, the current policy or no discount)',
      status: 201,
    },
    body: ZCreateExperiment,
  },
  async ({ ctx, body }) => NextResponse.json(await createExperiment(ctx, body), { status: 201 }),
);
