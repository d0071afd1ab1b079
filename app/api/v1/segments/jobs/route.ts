import { NextResponse } from 'next/server';
import { withOrg } from '@/lib/http/with-org';
import { createSegmentationJob } from '@/lib/jobs/jobs';
import { ZSegmentJobParams } from '@/lib/segments/segment-params';

export const runtime = 'nodejs';

/** Queues a segmentation (k-means or DBSCAN) job. */
export const POST = withOrg(
  {
    permission: 'segments.run',
    doc: { summary: 'Queue a segmentation job (k-means or DBSCAN)', status: 201 },
    body: ZSegmentJobParams,
  },
  async ({ ctx, body }) => NextResponse.json(await createSegmentationJob(ctx, body), { status: 201 }),
);
