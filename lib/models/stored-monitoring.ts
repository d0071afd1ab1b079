import 'server-only';
import type { OrgContext } from '../auth/context';
import { type ComputedStatus, requestCompute } from '../computed/computed-store';
import { readFresh } from '../computed/read-stored';
import { db } from '../db';
import { AppError } from '../http/errors';
import { type ModelMonitoring, modelMonitoring } from './model-monitoring';

/**
 * A model version's monitoring over the default window (the 30 days to the organisation's latest data) as a stored
 * result (lib/computed/, kind MODEL_MONITORING, keyed by the version): its drift compares a sample of up to 2,000
 * customers whose features are recomputed from their events, about 0.3 s at demo scale 10 — too slow for the
 * Overview, which shows the served model's health on every visit. Readers get the stored result with when it was
 * computed; the worker recomputes it after every import (request-recompute.ts) and whenever a reader finds it older
 * than FRESH_MAX_AGE_MS (10 minutes: decisions and their outcomes arrive all the time), the stored one being shown
 * meanwhile. The first read of a version computes it on that request. `now` is the reader's clock.
 */
export interface StoredMonitoring extends ModelMonitoring {
  stored: {
    status: ComputedStatus;
    computedAt: Date | string | null;
    durationMs: number | null;
    error: string | null;
  };
}

export async function storedModelMonitoring(ctx: OrgContext, id: string, now: Date): Promise<StoredMonitoring> {
  const view = await readFresh<ModelMonitoring>(ctx.orgId, 'MODEL_MONITORING', id, () => modelMonitoring(ctx, id), now);
  return {
    ...view.value,
    stored: { status: view.status, computedAt: view.computedAt, durationMs: view.durationMs, error: view.error },
  };
}

/** Queues a recomputation of the version's stored monitoring (404 for a version of another organisation). */
export async function requestModelMonitoringOf(ctx: OrgContext, id: string): Promise<void> {
  const m = await db.modelVersion.findFirst({ where: { id, organizationId: ctx.orgId }, select: { id: true } });
  if (!m) throw AppError.notFound('Model version');
  await requestCompute(ctx.orgId, 'MODEL_MONITORING', [id]);
}
