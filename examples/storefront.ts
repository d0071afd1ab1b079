/**
 * A storefront's whole integration, with the typed client (sdk/client.ts):
 *   1. ask which discount to show a customer (POST /api/v1/offers),
 *   2. show it,
 *   3. when the customer buys, post the purchase citing the decision id (POST /api/v1/events), so the revenue is
 *      attributed to the offer. Both calls carry an Idempotency-Key: a network retry can never count twice.
 *
 *   OFFERPILOT_URL=http://localhost:3000 OFFERPILOT_API_KEY=op_… npx tsx examples/storefront.ts AC00042
 *
 * Prints one JSON line with what it did; exits 1 with the API's error message on failure.
 */
import { randomUUID } from 'node:crypto';
import { createOfferPilotClient } from '../sdk/client';

async function main() {
  const baseUrl = process.env.OFFERPILOT_URL ?? 'http://localhost:3000';
  const apiKey = process.env.OFFERPILOT_API_KEY;
  const customerId = process.argv[2] ?? 'AC00001';
  if (!apiKey) throw new Error('Set OFFERPILOT_API_KEY to an API key (Settings → API keys)');
  const op = createOfferPilotClient({ baseUrl, apiKey });

  // 1. which offer?
  const offer = await op.POST('/api/v1/offers', {
    body: { customerId },
    params: { header: { 'Idempotency-Key': `offer-${randomUUID()}` } },
  });
  if (offer.error) throw new Error(`offers: ${offer.error.error.code}: ${offer.error.error.message}`);
  // one customer in, one decision out (a batch, `{ customers: [...] }`, answers `{ decisions }`: examples/email-campaign.ts)
  if (!('decisionId' in offer.data)) throw new Error('offers: expected one decision');
  const { decisionId, discountPct, category } = offer.data;

  // 2. show it
  const banner =
    discountPct > 0 ? `${discountPct}% off${category ? ` ${category}` : ''} today!` : 'Welcome back — no offer today';
  console.error(`[storefront] showing ${customerId}: ${banner}`);

  // 3. the customer buys: post the purchase with the decision id
  const price = 40 * (1 - discountPct / 100);
  const purchase = await op.POST('/api/v1/events', {
    body: {
      events: [
        { customerId, type: 'purchase', productId: 'sku-demo', category: category ?? undefined, price, decisionId },
      ],
    },
    params: { header: { 'Idempotency-Key': `purchase-${decisionId}` } },
  });
  if (purchase.error) throw new Error(`events: ${purchase.error.error.code}: ${purchase.error.error.message}`);
  console.log(JSON.stringify({ customerId, decisionId, discountPct, banner, price, ...purchase.data }));
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
