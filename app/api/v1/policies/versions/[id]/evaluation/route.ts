import { NextResponse } from 'next/server';
import { readOrCompute } from '@/lib/computed/read-stored';
import { requestPolicyEvaluation } from '@/lib/computed/request-recompute';
import { withOrg } from '@/lib/http/with-org';
import { evaluatePolicyVersion } from '@/lib/policies/evaluate-version';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/**
 * Offline (IPS / SNIPS / doubly-robust) estimate of what this version would do, against no discount: a stored
 * result (computed by the worker when the version is drafted and again after an import, a segmentation or a model
 * activation; computed on the first request only when the worker has not yet), with `status` and `computedAt`.
 */
export const GET = withOrg(
  {
    permission: 'org.read',
    doc: {
      summary: 'Offline evaluation of a policy version against no discount (stored; computed by the worker)',
      description:
        '`computedAt` says when it was computed; `status` STALE/COMPUTING: a newer one is on its way and this is ' +
        'the previous one.',
    },
    params: ZIdParams,
  },
  async ({ ctx, params }) => {
    const r = await readOrCompute(ctx.orgId, 'POLICY_EVALUATION', params.id, () =>
      evaluatePolicyVersion(ctx, params.id),
    );
    return { ...(r.value as object), status: r.status, computedAt: r.computedAt, durationMs: r.durationMs };
  },
);

/** Queues a recomputation of this version's offline evaluation (the worker picks it up between jobs). */
export const POST = withOrg(
  {
    permission: 'policies.draft',
    doc: { summary: 'Recompute the offline evaluation of a policy version', status: 202 },
    params: ZIdParams,
  },
  async ({ ctx, params }) => {
    await requestPolicyEvaluation(ctx.orgId, params.id);
    return NextResponse.json({ id: params.id, status: 'STALE' }, { status: 202 });
  },
);
