import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { orgRowCount } from '../postgres/org-row-count';

/**
 * Headline counts of the organisation's workspace (every count filtered by organisation). Customers, events and
 * exposures are estimated from the table statistics once they pass 200,000 (`approximate` says which).
 */
export async function getOverview(ctx: OrgContext) {
  const where = { organizationId: ctx.orgId };
  const [customers, events, exposures, datasets, models, policies, experiments] = await Promise.all([
    orgRowCount('Customer', ctx.orgId),
    orgRowCount('Event', ctx.orgId),
    orgRowCount('OfferExposure', ctx.orgId),
    db.dataset.count({ where }),
    db.modelVersion.count({ where }),
    db.discountPolicy.count({ where }),
    db.experiment.count({ where }),
  ]);
  return { customers, events, exposures, datasets, models, policies, experiments };
}
