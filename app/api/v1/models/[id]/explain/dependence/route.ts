import { z } from 'zod';
import { explainDependence } from '@/lib/explain/model-explanation';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Partial dependence, ICE curves and the contribution-vs-value (dependence) points of one feature. */
export const GET = withOrg(
  {
    permission: 'models.read',
    doc: { summary: 'Partial dependence, ICE and dependence points of one feature' },
    params: ZIdParams,
    query: z.object({ feature: z.string().min(1).max(64) }),
  },
  ({ ctx, params, query }) => explainDependence(ctx, params.id, query.feature),
);
