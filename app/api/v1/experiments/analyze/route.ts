import { ZAnalysisInput } from '@/lib/experiments/analysis-input';
import { AnalysisInputError, analyze } from '@/lib/experiments/stats';
import { AppError } from '@/lib/http/errors';
import { withOrg } from '@/lib/http/with-org';

export const runtime = 'nodejs';

/** Analyse aggregate numbers from elsewhere with the same engine: body = analyze() input (see README). */
export const POST = withOrg(
  {
    permission: 'experiments.read',
    doc: { summary: 'Analyse aggregate A/B numbers from elsewhere' },
    body: ZAnalysisInput,
  },
  async ({ body }) => {
    try {
      return analyze(body);
    } catch (err) {
      if (err instanceof AnalysisInputError) throw new AppError('unprocessable', err.message);
      throw err;
    }
  },
);
