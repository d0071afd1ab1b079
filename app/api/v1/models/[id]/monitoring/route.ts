import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withOrg } from '@/lib/http/with-org';
import { modelMonitoring } from '@/lib/models/model-monitoring';
import { requestModelMonitoringOf, storedModelMonitoring } from '@/lib/models/stored-monitoring';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZQuery = z.object({
  /** end of the window (default: the organisation's latest data) */
  asOf: z.iso.datetime({ offset: true }).optional(),
  days: z.coerce.number().int().min(1).max(365).optional(),
});

/**
 * Predicted vs realised conversion by decile over the last 30 days of logged decisions, and PSI per input feature;
 * the default window is stored (with `stored.computedAt`; recomputed by the worker after imports and when older
 * than 10 minutes), another `asOf`/`days` is computed on the request.
 */
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
    // the default window is a stored result (stored-monitoring.ts); another window is computed for this request
    query.asOf || query.days
      ? modelMonitoring(ctx, params.id, { asOf: query.asOf ? new Date(query.asOf) : undefined, days: query.days })
      : storedModelMonitoring(ctx, params.id, new Date()),
);

/** Queues a recomputation of the default window's monitoring (the worker picks it up between jobs). */
export const POST = withOrg(
  {
    permission: 'models.read',
    doc: { summary: "Recompute a model version's monitoring (default window)", status: 202 },
    params: ZIdParams,
  },
  async ({ ctx, params }) => {
    await requestModelMonitoringOf(ctx, params.id);
    return NextResponse.json({ id: params.id, status: 'STALE' }, { status: 202 });
  },
);
