/**
 * An e-mail campaign with the typed client (sdk/): one batch call decides the discount of every recipient —
 * up to 1,000 customers per call, one decision each, in the order sent — and the mailer puts each discount in
 * its customer's e-mail, keeping the decision id for the purchase event (as examples/storefront.ts does).
 * The Idempotency-Key covers the whole batch: a retry after a timeout gets the same decisions back.
 *
 *   OFFERPILOT_URL=http://localhost:3000 OFFERPILOT_API_KEY=op_… npx tsx examples/email-campaign.ts AC00001 AC00002 …
 *
 * Prints one JSON line: how many customers got which discount, and the unknown ids; exits 1 on an API error.
 */
import { randomUUID } from 'node:crypto';
import { createOfferPilotClient } from '../sdk/client';

async function main() {
  const baseUrl = process.env.OFFERPILOT_URL ?? 'http://localhost:3000';
  const apiKey = process.env.OFFERPILOT_API_KEY;
  if (!apiKey) throw new Error('Set OFFERPILOT_API_KEY to an API key (Settings → API keys)');
  const recipients = process.argv.slice(2);
  if (recipients.length === 0) throw new Error('Name the customers to mail (external ids)');
  const op = createOfferPilotClient({ baseUrl, apiKey });

  const byDiscount: Record<string, number> = {};
  const unknown: string[] = [];
  for (let start = 0; start < recipients.length; start += 1000) {
    const chunk = recipients.slice(start, start + 1000);
    const answer = await op.POST('/api/v1/offers', {
      body: { customers: chunk.map((customerId) => ({ customerId })) },
      params: { header: { 'Idempotency-Key': `mailing-${randomUUID()}` } },
    });
    if (answer.error) throw new Error(`offers: ${answer.error.error.code}: ${answer.error.error.message}`);
    if (!('decisions' in answer.data)) throw new Error('offers: expected a batch answer');
    for (const d of answer.data.decisions) {
      if ('error' in d) {
        unknown.push(d.customerId);
        continue;
      }
      // here the mailer would render d.discountPct into d.customerId's e-mail and keep d.decisionId
      byDiscount[d.discountPct] = (byDiscount[d.discountPct] ?? 0) + 1;
    }
  }
  console.log(JSON.stringify({ customers: recipients.length, byDiscount, unknown }));
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
