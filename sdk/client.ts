/**
 * Typed OfferPilot client: openapi-fetch (no dependencies) over the types openapi-typescript generates from
 * /api/v1/openapi.json (`npm run sdk`). Every path, body and answer is checked by the compiler:
 *
 *   const op = createOfferPilotClient({ baseUrl: 'http://localhost:3000', apiKey: process.env.OFFERPILOT_API_KEY });
 *   const { data, error } = await op.POST('/api/v1/offers', { body: { customerId: 'AC00042' } });
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type ApiError = components['schemas']['Error'];

export function createOfferPilotClient(opts: { baseUrl: string; apiKey: string; fetch?: typeof fetch }) {
  return createClient<paths>({
    baseUrl: opts.baseUrl,
    headers: { Authorization: `Bearer ${opts.apiKey}` },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
}
