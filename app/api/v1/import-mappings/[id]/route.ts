import { deleteImportMapping } from '@/lib/datasets/import-mappings';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const DELETE = withOrg(
  { permission: 'data.upload', params: ZIdParams, doc: { summary: 'Delete a saved import mapping' } },
  ({ ctx, params }) => deleteImportMapping(ctx, params.id),
);
