import { NextResponse } from 'next/server';
import { withOrg } from '@/lib/http/with-org';
import { createTrainingJob, listJobs, ZJobsTable } from '@/lib/jobs/jobs';
import { ZTrainJobParams } from '@/lib/training/job-params';

export const runtime = 'nodejs';

export const GET = withOrg(
  {
    permission: 'models.read',
    doc: { summary: 'List training and segmentation jobs: search by name, sort, page (items, total, page, pages)' },
    query: ZJobsTable,
  },
  async ({ ctx, query }) => listJobs(ctx, query),
);

/** Queues a training job; a worker picks it up. Answers 201 with the job. */
export const POST = withOrg(
  {
    permission: 'models.train',
    doc: { summary: 'Queue a response-model training job', status: 201 },
    body: ZTrainJobParams,
  },
  async ({ ctx, body }) => NextResponse.json(await createTrainingJob(ctx, body), { status: 201 }),
);
