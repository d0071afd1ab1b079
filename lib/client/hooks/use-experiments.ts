'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BanditResults } from '@/lib/experiments/bandit/bandit-results';
import type { BanditSettingsInput } from '@/lib/experiments/bandit/bandit-settings';
import type { ArmKind } from '@/lib/experiments/experiment-store';
import type { ExperimentPlan } from '@/lib/experiments/plan-experiment';
import type { ProfitVerdict } from '@/lib/experiments/profit-verdict';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';

export type { ArmKind };

export interface ExperimentRow {
  id: string;
  key: string;
  name: string;
  type: 'AB' | 'BANDIT';
  bandit: BanditSettingsInput | null;
  status: 'DRAFT' | 'RUNNING' | 'STOPPED';
  segmentId?: string | null;
  primaryMetric: string;
  description: string | null;
  startedAt: string | null;
  stoppedAt: string | null;
  campaignId: string | null;
  submittedById: string | null;
  submittedAt: string | null;
  variants: {
    id: string;
    name: string;
    weight: number;
    isControl: boolean;
    kind: ArmKind;
    discountPct: number | null;
    policyVersionId: string | null;
    policyVersion: { version: number; policy: { name: string } } | null;
  }[];
  _count: { assignments: number };
}

export interface Comparison {
  name: string;
  lift: number | null;
  ci: [number, number] | null;
  pValue: number;
  adjustedPValue: number;
  chanceToWin: number | null;
  /** exact Beta P(treatment > control), conversion only */
  betaChanceToWin: number | null;
  /** Bayesian: [expected loss of keeping control, of shipping the treatment] on the relative scale */
  expectedLoss: [number, number] | null;
  significant: boolean;
}
export interface MetricAnalysis {
  variants: { name: string; n: number; mean: number; sd: number; se: number }[];
  comparisons: Comparison[];
  srm: { statistic: number; pValue: number; mismatch: boolean } | null;
}

export interface ExperimentResults {
  profitVerdicts: ProfitVerdict[];
  experiment: {
    id: string;
    key: string;
    name: string;
    status: string;
    description: string | null;
    primaryMetric: string;
    marginPct: number;
    startedAt: string | null;
  };
  variants: {
    id: string;
    name: string;
    weight: number;
    isControl: boolean;
    discountPct: number | null;
    kind: ArmKind;
    /** what the arm offers, in words */
    offer: string;
    users: number;
  }[];
  options: { sequential: boolean; cuped: boolean; alpha: number; method: 'frequentist' | 'bayesian' };
  metrics: Record<'conversion' | 'revenue' | 'discountCost' | 'profit', MetricAnalysis>;
  srm: { statistic: number; df: number; pValue: number; mismatch: boolean; expected?: number[] } | null;
  cuped: { theta: number; varianceReduction: number } | null;
  guardrails: { variant: string; guardrail: string; limit: number; value: number; status: 'ok' | 'breached' }[];
  verdict: string;
  planning: {
    mdePct: number;
    metric: string;
    daysRunning: number | null;
    requiredTotal: number | null;
    remaining: number | null;
    daysToDecision: number | null;
  };
  timeline: {
    date: string;
    users: Record<string, number>;
    conversions: Record<string, number>;
    lift?: Record<string, { lift: number | null; ci: [number, number] | null }>;
  }[];
}

export function useExperiments() {
  return useQuery({
    queryKey: queryKeys.experiments.list(),
    queryFn: () => apiFetch<{ items: ExperimentRow[] }>('/api/v1/experiments'),
  });
}

export function useExperimentResults(
  id: string,
  opts: { sequential: boolean; cuped: boolean; mdePct: number; method: 'frequentist' | 'bayesian' },
) {
  return useQuery({
    queryKey: queryKeys.experiments.results(id, opts),
    queryFn: () =>
      apiFetch<ExperimentResults>(
        `/api/v1/experiments/${encodeURIComponent(id)}/results?sequential=${opts.sequential}&cuped=${opts.cuped}` +
          `&mdePct=${opts.mdePct}&method=${opts.method}`,
      ),
    refetchInterval: 15_000,
  });
}

// the plan's JSON is exactly what lib/experiments/plan-experiment.ts returns: one type, not a hand-kept copy
export type { ExperimentPlan } from '@/lib/experiments/plan-experiment';
export type { SampleSizePlan } from '@/lib/experiments/sample-size';

/** Customers and days needed for a minimum detectable effect, from the organisation's own history. */
export function useExperimentPlan(params: { mdePct: number; marginPct: number; arms: number; segmentId?: string }) {
  const query: Record<string, string | number> = {
    mdePct: params.mdePct,
    marginPct: params.marginPct,
    arms: params.arms,
    ...(params.segmentId ? { segmentId: params.segmentId } : {}),
  };
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return useQuery({
    queryKey: queryKeys.experiments.plan(query),
    queryFn: () => apiFetch<ExperimentPlan>(`/api/v1/experiments/plan?${search}`),
    enabled: params.mdePct > 0 && params.arms >= 2,
  });
}

export interface CreateExperimentBody {
  key: string;
  name: string;
  type?: 'AB' | 'BANDIT';
  bandit?: BanditSettingsInput;
  segmentId?: string;
  primaryMetric: 'conversion' | 'revenue' | 'profit';
  marginPct: number;
  guardrails?: { maxDiscountCostPerUser?: number; maxConversionDropPct?: number };
  /** the campaign it runs in (required when an arm is a policy) */
  campaignId?: string;
  variants: {
    name: string;
    weight: number;
    kind?: ArmKind;
    discountPct?: number;
    policyVersionId?: string;
  }[];
}

export function useCreateExperiment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateExperimentBody) =>
      apiFetch<ExperimentRow>('/api/v1/experiments', { method: 'POST', json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.experiments.all() }),
  });
}

export type { BanditResults } from '@/lib/experiments/bandit/bandit-results';

/** A bandit's posteriors, P(best), expected loss, IPS estimates and allocation history. */
export function useBanditResults(id: string) {
  return useQuery({
    queryKey: queryKeys.experiments.bandit(id),
    queryFn: () => apiFetch<BanditResults>(`/api/v1/experiments/${encodeURIComponent(id)}/bandit`),
    refetchInterval: 15_000,
  });
}

/** An admin's "Reallocate now": Thompson sampling on the log so far, at once instead of on the schedule. */
export function useReallocateBandit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<unknown>(`/api/v1/experiments/${encodeURIComponent(id)}/reallocate`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.experiments.all() }),
  });
}

export function useExperimentAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, json }: { id: string; action: 'submit' | 'start' | 'stop'; json?: unknown }) =>
      apiFetch<ExperimentRow>(`/api/v1/experiments/${encodeURIComponent(id)}/${action}`, { method: 'POST', json }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.experiments.all() }),
  });
}
