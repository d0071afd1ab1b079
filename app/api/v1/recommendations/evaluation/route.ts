import { NextResponse } from 'next/server';
import { z } from 'zod';
import { requestCompute } from '@/lib/computed/computed-store';
import { readOrRequest } from '@/lib/computed/read-stored';
import { withOrg } from '@/lib/http/with-org';
import type { evaluateCategoryRecommender } from '@/lib/policies/category-recommender';

export const runtime = 'nodejs';

const ZK = z.object({ k: z.coerce.number().int().min(1).max(10).default(3) });
type Evaluation = Awaited<ReturnType<typeof evaluateCategoryRecommender>>;

/**
 * Hit rate and NDCG at k of the category recommender on a time-based holdout, against popularity: a stored result
 * the worker computes after every import (and on request), read here with the time it was computed.
 */
export const GET = withOrg(
  {
    permission: 'org.read',
    doc: {
      summary: 'Category recommender hit rate and NDCG against popularity (stored; computed by the worker)',
      description:
        '`status` READY: `computedAt` says when; STALE/COMPUTING: a newer result is on its way (the previous one, ' +
        'if any, is shown meanwhile); the first request for a k queues its computation.',
    },
    query: ZK,
  },
  async ({ ctx, query }) => {
    const r = await readOrRequest<Evaluation>(ctx.orgId, 'RECOMMENDER_EVALUATION', String(query.k));
    return {
      k: query.k,
      users: r.value?.users ?? 0,
      itemItem: r.value?.itemItem ?? null,
      popularity: r.value?.popularity ?? null,
      status: r.status,
      computedAt: r.computedAt,
      durationMs: r.durationMs,
      error: r.error,
    };
  },
);

/** Queues a recomputation of the recommender evaluation (the worker picks it up between jobs). */
export const POST = withOrg(
  {
    permission: 'models.train',
    doc: { summary: 'Recompute the category recommender evaluation', status: 202 },
    query: ZK,
  },
  async ({ ctx, query }) => {
    await requestCompute(ctx.orgId, 'RECOMMENDER_EVALUATION', [String(query.k)]);
    return NextResponse.json({ k: query.k, status: 'STALE' }, { status: 202 });
  },
);
