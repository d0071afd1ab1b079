import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';

/** Headline counts of the organisation's workspace (every count filtered by organisation). */
export async function getOverview(ctx: OrgContext) {
  const where = { organizationId: ctx.orgId };
  const [customers, events, exposures, datasets, models, policies, experiments] = await Promise.all([
    db.customer.count({ where }),
    db.event.count({ where }),
    db.offerExposure.count({ where }),
    db.dataset.count({ where }),
    db.modelVersion.count({ where }),
    db.discountPolicy.count({ where }),
    db.experiment.count({ where }),
  ]);
  return { customers, events, exposures, datasets, models, policies, experiments };
}
