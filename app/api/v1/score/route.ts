import { withOrg } from '@/lib/http/with-org';
import { ZScoreResult } from '@/lib/serving/api-schemas';
import { score, ZScoreRequest } from '@/lib/serving/score';

export const runtime = 'nodejs';

/** P(convert) from the active (or named) model version, through onnxruntime, for up to 1,000 rows. */
export const POST = withOrg(
  {
    permission: 'serving.score',
    sandbox: true,
    doc: { summary: 'P(convert) from the served ONNX model for up to 1,000 rows', response: ZScoreResult },
    body: ZScoreRequest,
    maxBodyBytes: 2 << 20,
  },
  ({ ctx, body }) => score(ctx, body),
);
