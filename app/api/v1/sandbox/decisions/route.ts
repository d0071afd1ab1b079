import { withOrg } from '@/lib/http/with-org';
import { listSandboxDecisions, ZSandboxLog, ZSandboxLogQuery } from '@/lib/serving/sandbox-log';

export const runtime = 'nodejs';

/** The sandbox log: offers answered to test-mode API keys (never counted in live data). */
export const GET = withOrg(
  {
    permission: 'serving.score',
    query: ZSandboxLogQuery,
    doc: {
      summary: 'Offers answered to test (sandbox) API keys, newest first',
      description:
        'Test-mode keys get real decisions that change no live count; they are logged here instead of with the ' +
        'live decisions.',
      response: ZSandboxLog,
    },
  },
  ({ ctx, query }) => listSandboxDecisions(ctx, query),
);
