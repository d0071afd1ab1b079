import type { NumberFormat } from '@/lib/format/number-format';

export interface DecisionPlanning {
  metric: string;
  requiredTotal: number | null;
  remaining: number | null;
  daysToDecision: number | null;
}

/** How long until an experiment can be decided, in words (experiment page and Overview say it the same way). */
export function daysToDecisionText(p: DecisionPlanning, status: string, mdePct: number, f: NumberFormat): string {
  if (p.requiredTotal === null) return 'Not enough data yet to estimate how long a decision takes.';
  if (p.remaining === 0) return `Enough customers to detect a ${f.pct(mdePct / 100)} lift on ${p.metric}: decide now.`;
  if (status !== 'RUNNING' || p.daysToDecision === null)
    return `${f.number(p.remaining ?? Number.NaN)} more customers needed to detect a ${f.pct(mdePct / 100)} lift on ${p.metric}.`;
  return `About ${f.number(p.daysToDecision)} more days to a decision: ${f.number(p.remaining ?? Number.NaN)} more customers needed to detect a ${f.pct(mdePct / 100)} lift on ${p.metric} (${f.number(p.requiredTotal)} in total, 80 % power).`;
}
