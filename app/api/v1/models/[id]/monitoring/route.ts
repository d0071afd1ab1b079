import { z } from 'zod';
import { withOrg } from '@/lib/http/with-org';
import { modelMonitoring } from '@/lib/models/model-monitoring';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZQuery = z.object({
  /** end of the window (default: the organisation's latest data) */
  asOf: z.iso.datetime({ offset: true }).optional(),
  days: z.coerce.number().int().min(1).max(365).optional(),
});

/** Predicted vs realised conversion by decile over the last 30 days of logged decisions, and PSI per input feature. */
export const GET = withOrg(
  {
    permission: 'models.read',
    doc: {
      summary: 'Model monitoring: calibration by decile on logged decisions, feature drift (PSI) against training',
    },
    params: ZIdParams,
    query: ZQuery,
  },
  ({ ctx, params, query }) =>
    modelMonitoring(ctx, params.id, { asOf: query.asOf ? new Date(query.asOf) : undefined, days: query.days }),
);
