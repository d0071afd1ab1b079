import { submitExperiment, ZSubmitExperiment } from '@/lib/experiments/experiment-approval';
import { withOrg } from '@/lib/http/with-org';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Submits a draft experiment for approval, naming the campaign whose maximum discount bounds its arms. */
export const POST = withOrg(
  {
    permission: 'experiments.submit',
    doc: {
      summary: "Submit a draft experiment for approval in a campaign (arms within the campaign's maximum discount)",
    },
    params: ZIdParams,
    body: ZSubmitExperiment,
  },
  ({ ctx, params, body }) => submitExperiment(ctx, params.id, body),
);
