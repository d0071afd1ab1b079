import { withOrg } from '@/lib/http/with-org';
import { decideOffer, ZOfferRequest } from '@/lib/serving/decide-offer';

export const runtime = 'nodejs';

/** Which discount to show this customer now; logged, with a decision id for later conversions. */
export const POST = withOrg({ permission: 'serving.score', body: ZOfferRequest }, ({ ctx, body }) =>
  decideOffer(ctx, body),
);
