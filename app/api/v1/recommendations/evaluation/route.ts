import { z } from 'zod';
import { withOrg } from '@/lib/http/with-org';
import { evaluateCategoryRecommender } from '@/lib/policies/category-recommender';

export const runtime = 'nodejs';

/** Hit rate and NDCG at k of the category recommender on a time-based holdout, against popularity. */
export const GET = withOrg(
  {
    permission: 'org.read',
    doc: { summary: 'Category recommender hit rate and NDCG against popularity' },
    query: z.object({ k: z.coerce.number().int().min(1).max(10).default(3) }),
  },
  ({ ctx, query }) => evaluateCategoryRecommender(ctx.orgId, query.k),
);
