import { z } from 'zod';
import { deleteDataset } from '@/lib/datasets/delete-dataset';
import { getDataset } from '@/lib/datasets/queries';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const GET = withOrg(
  {
    permission: 'customers.read',
    doc: { summary: 'One dataset with its profile and cleaning steps' },
    params: ZIdParams,
  },
  ({ ctx, params }) => getDataset(ctx, params.id),
);

const ZDeleteDataset = z.object({ confirm: z.string().max(300) });

/** Deletes the dataset and the rows it brought (managers and admins; the body repeats its name to confirm). */
export const DELETE = withOrg(
  {
    permission: 'data.delete',
    params: ZIdParams,
    body: ZDeleteDataset,
    doc: { summary: 'Delete a dataset and the rows it brought (repeat its name in `confirm`)' },
  },
  ({ ctx, params, body }) => deleteDataset(ctx, params.id, body.confirm),
);
