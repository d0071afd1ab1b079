import { withOrg } from '@/lib/http/with-org';
import { OFFER_EXAMPLE, ZOfferDecision } from '@/lib/serving/api-schemas';
import { decideOffer, ZOfferRequest } from '@/lib/serving/decide-offer';

export const runtime = 'nodejs';

/** Which discount to show this customer now; logged, with a decision id for later conversions. */
export const POST = withOrg(
  {
    permission: 'serving.score',
    body: ZOfferRequest,
    idempotent: true,
    doc: {
      summary: 'Which discount to show a customer now (logged, with a decision id)',
      description:
        'A running experiment covering the customer decides first, then the campaign’s active policy version. ' +
        'Every answer is logged as a decision and an exposure; cite `decisionId` in the purchase event.',
      response: ZOfferDecision,
      example: OFFER_EXAMPLE,
    },
  },
  ({ ctx, body }) => decideOffer(ctx, body),
);
