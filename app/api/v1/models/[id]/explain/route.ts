import { explainModel } from '@/lib/explain/model-explanation';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Global importance (permutation, mean |contribution|), summary points, LR coefficients with intervals. */
export const GET = withOrg(
  {
    permission: 'models.read',
    doc: { summary: 'Global explanations: importance, contributions, coefficients' },
    params: ZIdParams,
  },
  ({ ctx, params }) => explainModel(ctx, params.id),
);
