import { withOrg } from '@/lib/http/with-org';
import { OFFER_EXAMPLE, ZOfferAnswer } from '@/lib/serving/api-schemas';
import { decideOffer, decideOffers, ZOfferBody } from '@/lib/serving/decide-offer';

export const runtime = 'nodejs';

/** Which discount to show this customer (or each of up to 1,000 customers) now; logged, with decision ids. */
export const POST = withOrg(
  {
    permission: 'serving.score',
    body: ZOfferBody,
    idempotent: true,
    sandbox: true,
    doc: {
      summary: 'Which discount to show a customer — or up to 1,000 customers — now (logged, with decision ids)',
      description:
        'A running experiment covering the customer decides first, then the campaign’s active policy version. ' +
        'Every answer is logged as a decision and an exposure; cite `decisionId` in the purchase event. ' +
        'Send `{ customers: [...] }` (up to 1,000; more answers 413) for a batch, e.g. an e-mail campaign: one ' +
        'decision per customer in input order, exactly as the same single calls one after another would answer; ' +
        'an unknown customer is answered in its own item (`error`) while the others are decided. A batch costs ' +
        'one rate-limit token, and an `Idempotency-Key` covers the whole batch. A test (sandbox) key gets the same ' +
        'decisions, logged apart: no live decision, exposure, experiment assignment or frequency-cap count.',
      response: ZOfferAnswer,
      example: OFFER_EXAMPLE,
    },
  },
  ({ ctx, body }) => ('customers' in body ? decideOffers(ctx, body) : decideOffer(ctx, body)),
);
