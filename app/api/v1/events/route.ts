import { NextResponse } from 'next/server';
import { withOrg } from '@/lib/http/with-org';
import { EVENTS_EXAMPLE, ZIngestResult } from '@/lib/serving/api-schemas';
import { ingestEvents, ZIngestEvents } from '@/lib/serving/ingest-events';

export const runtime = 'nodejs';

/** Live behaviour events, 1–1,000 per call; the feature store reflects them as soon as this answers. */
export const POST = withOrg(
  {
    permission: 'events.ingest',
    body: ZIngestEvents,
    idempotent: true,
    sandbox: true,
    doc: {
      summary: 'Send 1–1,000 live behaviour events',
      description:
        'Stored in one transaction with the customers’ feature-store rows. A purchase may cite the `decisionId` ' +
        'of the offer that led to it. An unknown customer rejects the whole batch with 422. With a test (sandbox) ' +
        'key the events are validated (purchases cite sandbox decisions) and answered with `sandbox: true`, ' +
        'but not stored.',
      status: 202,
      response: ZIngestResult,
      example: EVENTS_EXAMPLE,
    },
  },
  async ({ ctx, body }) => NextResponse.json(await ingestEvents(ctx, body), { status: 202 }),
);
