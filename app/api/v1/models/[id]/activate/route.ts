import { withOrg } from '@/lib/http/with-org';
import { activateModelVersion } from '@/lib/models/model-versions';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Admins: serve this version from now on (sessions are cached per file, so the switch needs no restart). */
export const POST = withOrg(
  { permission: 'models.activate', doc: { summary: 'Serve this model version from now on' }, params: ZIdParams },
  ({ ctx, params }) => activateModelVersion(ctx, params.id),
);
