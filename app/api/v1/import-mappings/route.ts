import { listImportMappings, saveImportMapping, ZSaveImportMapping } from '@/lib/datasets/import-mappings';
import { withOrg } from '@/lib/http/with-org';

export const runtime = 'nodejs';

/** The organisation's saved import mappings. */
export const GET = withOrg(
  { permission: 'customers.read', doc: { summary: 'List saved import mappings' } },
  async ({ ctx }) => ({
    items: await listImportMappings(ctx),
  }),
);

/** Saves a named mapping (replaces one of the same name). */
export const POST = withOrg(
  {
    permission: 'data.upload',
    body: ZSaveImportMapping,
    doc: { summary: 'Save a named import mapping (replaces one of the same name)' },
  },
  ({ ctx, body }) => saveImportMapping(ctx, body),
);
