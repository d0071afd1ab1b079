import { NextResponse } from 'next/server';
import { withOrg } from '@/lib/http/with-org';
import { retryJob } from '@/lib/jobs/jobs';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const POST = withOrg(
  {
    permission: 'models.train',
    doc: { summary: 'Retry a failed job (answers the new job)', status: 201 },
    params: ZIdParams,
  },
  async ({ ctx, params }) => NextResponse.json(await retryJob(ctx, params.id), { status: 201 }),
);
