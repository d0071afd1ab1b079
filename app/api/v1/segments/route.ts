import { withOrg } from '@/lib/http/with-org';
import { latestSegmentation, listSegments } from '@/lib/segments/segments';

export const runtime = 'nodejs';

/** The latest segmentation run (diagnostics, segments with profiles and discount response) and all saved segments. */
export const GET = withOrg(
  { permission: 'org.read', doc: { summary: 'The latest segmentation and all saved segments' } },
  async ({ ctx }) => ({
    ...(await latestSegmentation(ctx)),
    segments: await listSegments(ctx),
  }),
);
