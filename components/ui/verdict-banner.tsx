'use client';

import type { ProfitVerdict } from '@/lib/experiments/profit-verdict';
import { useFormat } from './format-provider';

/**
 * The profit verdict of a discount decision: the sentence first (red on a breached guardrail), then incremental
 * profit per customer with its interval, next to the conversion change.
 */
export function VerdictBanner({ verdict, testId = 'profit-verdict' }: { verdict: ProfitVerdict; testId?: string }) {
  const f = useFormat();
  const p = verdict.profit;
  const c = verdict.conversion;
  const money = (x: number) => f.money(x, { signed: true });
  const pct = (x: number | null) => f.pct(x, { signed: true });
  return (
    <div
      className={`verdict ${verdict.tone}`}
      role={verdict.tone === 'breach' ? 'alert' : 'status'}
      data-testid={testId}
      data-tone={verdict.tone}
    >
      <div>{verdict.headline}</div>
      <div className="small" style={{ fontWeight: 400, marginTop: '0.35rem' }}>
        Incremental profit per customer <strong>{money(p.diff)}</strong> (95% interval {money(p.ci[0])} to{' '}
        {money(p.ci[1])}) · conversion {pct(c.relative)} ({pct(c.diff)} points, interval {pct(c.ci[0])} to{' '}
        {pct(c.ci[1])})
      </div>
    </div>
  );
}
