import { withOrg } from '@/lib/http/with-org';
import { listModelVersions, ZModelsTable } from '@/lib/models/model-versions';

export const runtime = 'nodejs';

export const GET = withOrg(
  {
    permission: 'models.read',
    doc: {
      summary:
        'List model versions: search by name or algorithm, sort (createdAt, name, algorithm, auc, served), page (items, total, page, pages)',
    },
    query: ZModelsTable,
  },
  async ({ ctx, query }) => listModelVersions(ctx, query),
);
