import { withOrg } from '@/lib/http/with-org';
import { listModelVersions } from '@/lib/models/model-versions';

export const runtime = 'nodejs';

export const GET = withOrg({ permission: 'models.read', doc: { summary: 'List model versions' } }, async ({ ctx }) => ({
  items: await listModelVersions(ctx),
}));
