import { withOrg } from '@/lib/http/with-org';
import { markCandidate } from '@/lib/models/model-versions';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Marks this version as its model's serving candidate (activation is an admin action elsewhere). */
export const POST = withOrg(
  { permission: 'models.promote', doc: { summary: 'Mark a model version as serving candidate' }, params: ZIdParams },
  ({ ctx, params }) => markCandidate(ctx, params.id),
);
