import { z } from 'zod';
import { explainCustomer } from '@/lib/explain/model-explanation';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZQuery = z.object({
  customerId: z.string().trim().min(1).max(64),
  discountPct: z.coerce.number().min(0).max(90).default(0),
});

/** One customer's score (served ONNX model) and the contribution of each feature to it. */
export const GET = withOrg(
  {
    permission: 'models.read',
    doc: { summary: 'One customer’s score with each feature’s contribution' },
    params: ZIdParams,
    query: ZQuery,
  },
  ({ ctx, params, query }) => explainCustomer(ctx, params.id, query.customerId, query.discountPct),
);
