import { z } from 'zod';
import { withOrg } from '@/lib/http/with-org';
import { renameSegment } from '@/lib/segments/segments';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const PATCH = withOrg(
  {
    permission: 'segments.edit',
    doc: { summary: 'Rename a segment' },
    params: ZIdParams,
    body: z.object({ name: z.string().trim().min(1).max(80) }),
  },
  ({ ctx, params, body }) => renameSegment(ctx, params.id, body.name),
);
