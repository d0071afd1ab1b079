import { z } from 'zod';
import { withOrg } from '@/lib/http/with-org';
import { latestSegmentation, listSegmentationRuns, listSegments } from '@/lib/segments/segments';

export const runtime = 'nodejs';

const ZQuery = z.object({ runId: z.string().trim().min(1).max(64).optional() });

/**
 * A segmentation run (the latest, or `?runId=`) with diagnostics and segments (profiles, discount response), every
 * successful run (to pick an older one) and all saved segments.
 */
export const GET = withOrg(
  {
    permission: 'org.read',
    query: ZQuery,
    doc: { summary: 'A segmentation run (latest or ?runId=), the list of runs and all saved segments' },
  },
  async ({ ctx, query }) => ({
    ...(await latestSegmentation(ctx, query.runId)),
    runs: await listSegmentationRuns(ctx),
    segments: await listSegments(ctx),
  }),
);
