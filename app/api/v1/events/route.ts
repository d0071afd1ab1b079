import { NextResponse } from 'next/server';
import { withOrg } from '@/lib/http/with-org';
import { ingestEvents, ZIngestEvents } from '@/lib/serving/ingest-events';

export const runtime = 'nodejs';

/** Live behaviour events, 1–1,000 per call; the feature store reflects them as soon as this answers. */
export const POST = withOrg({ permission: 'events.ingest', body: ZIngestEvents }, async ({ ctx, body }) =>
  NextResponse.json(await ingestEvents(ctx, body), { status: 202 }),
);
