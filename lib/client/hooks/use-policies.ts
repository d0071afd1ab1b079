'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ProfitVerdict } from '@/lib/experiments/profit-verdict';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';
import { type TablePage, type TableParams, tableSearch } from '../table-params';

export type PolicyStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'ACTIVE' | 'PAUSED' | 'RETIRED';
export interface PolicyVersionRow {
  id: string;
  version: number;
  status: PolicyStatus;
  rules: Record<string, unknown> & { mode: string };
  rolloutPct: number;
  holdoutPct: number;
  baseline: 'previous' | 'none';
  replacesVersionId: string | null;
  reviewComment: string | null;
  createdAt: string;
  activatedAt: string | null;
  _count: { decisions: number };
}
export interface CampaignRow {
  id: string;
  name: string;
  description: string | null;
  marginPct: number;
  policies: { id: string; name: string; versions: PolicyVersionRow[] }[];
}
export interface AuditRow {
  id: string;
  action: string;
  entityId: string;
  actor: string;
  createdAt: string;
  diff: unknown;
}

export function useCampaigns() {
  return useQuery({
    queryKey: queryKeys.policies.campaigns(),
    queryFn: () => apiFetch<{ items: CampaignRow[] }>('/api/v1/campaigns'),
    refetchInterval: 10_000,
  });
}

/** A page of the policy audit trail (the newest 100 without params). */
export function usePolicyAudit(enabled: boolean, params: TableParams = {}) {
  return useQuery({
    queryKey: [...queryKeys.policies.audit(), params],
    queryFn: () => apiFetch<TablePage<AuditRow>>(`/api/v1/policies/audit${tableSearch(params)}`),
    enabled,
    placeholderData: keepPreviousData,
  });
}

function useInvalidating<T, R>(fn: (input: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.policies.all() }) });
}

export const useCreateCampaign = () =>
  useInvalidating((body: { name: string; marginPct: number }) =>
    apiFetch<{ id: string }>('/api/v1/campaigns', { method: 'POST', json: body }),
  );

export const useDraftPolicy = () =>
  useInvalidating((body: { campaignId: string; policyId?: string; name: string; rules: unknown }) =>
    apiFetch<PolicyVersionRow>('/api/v1/policies', { method: 'POST', json: body }),
  );

export const usePolicyAction = () =>
  useInvalidating(
    ({
      id,
      ...body
    }: {
      id: string;
      action: string;
      comment?: string;
      rolloutPct?: number;
      baseline?: 'previous' | 'none';
      holdoutPct?: number;
    }) =>
      apiFetch<PolicyVersionRow>(`/api/v1/policies/versions/${encodeURIComponent(id)}/actions`, {
        method: 'POST',
        json: body,
      }),
  );

export interface Estimate {
  value: number;
  se: number;
  ci: [number, number];
}
export interface PolicyEvaluation {
  version: { id: string; version: number; mode: string; policy: string };
  verdict: ProfitVerdict;
  rows: number;
  orderValue: number;
  marginPct: number;
  model: string | null;
  discountMix: { discountPct: number; share: number }[];
  proposed: {
    diagnostics: { effectiveSampleSize: number };
    estimates: Record<string, { ips: Estimate; snips: Estimate; dr?: Estimate }>;
  };
  noDiscount: { estimates: Record<string, { ips: Estimate; snips: Estimate; dr?: Estimate }> };
  /** model-optimal only: expected profit and discount spend per customer for discount budgets per customer */
  curve: { budget: number; expectedProfit: number; expectedSpend: number }[] | null;
  /** a stored result (lib/computed/): READY, or a newer one on its way */
  status: 'STALE' | 'COMPUTING' | 'READY' | 'FAILED';
  computedAt: string | null;
  durationMs: number | null;
}

export function usePolicyEvaluation(id: string | null) {
  return useQuery({
    queryKey: queryKeys.policies.evaluation(id ?? ''),
    queryFn: () => apiFetch<PolicyEvaluation>(`/api/v1/policies/versions/${encodeURIComponent(id!)}/evaluation`),
    enabled: !!id,
    // while the worker computes a newer evaluation, look again every 3 s
    refetchInterval: (q) =>
      q.state.data && (q.state.data.status === 'STALE' || q.state.data.status === 'COMPUTING') ? 3000 : false,
  });
}

export function useRecomputePolicyEvaluation(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(`/api/v1/policies/versions/${encodeURIComponent(id)}/evaluation`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.policies.evaluation(id) }),
  });
}

export interface RecommenderEvaluation {
  k: number;
  users: number;
  itemItem: { hitRate: number; ndcg: number } | null;
  popularity: { hitRate: number; ndcg: number } | null;
  /** a stored result (lib/computed/): READY, or a newer one on its way */
  status: 'STALE' | 'COMPUTING' | 'READY' | 'FAILED';
  computedAt: string | null;
  durationMs: number | null;
  error: string | null;
}

export function useRecommenderEvaluation() {
  return useQuery({
    queryKey: ['recommendations', 'evaluation'],
    queryFn: () => apiFetch<RecommenderEvaluation>('/api/v1/recommendations/evaluation?k=3'),
    // while the worker computes a newer result, look again every 3 s
    refetchInterval: (q) =>
      q.state.data && q.state.data.status !== 'READY' && q.state.data.status !== 'FAILED' ? 3000 : false,
  });
}

export function useRecomputeRecommenderEvaluation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch('/api/v1/recommendations/evaluation?k=3', { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['recommendations', 'evaluation'] }),
  });
}

interface ArmSummary {
  name: string;
  n: number;
  mean: number;
  se: number;
}
export interface RolloutMeasurementData {
  version: { id: string; version: number; status: PolicyStatus; rolloutPct: number; holdoutPct: number };
  share: number;
  arms: { arm: string; name: string; customers: number }[];
  metrics: Record<
    'conversion' | 'revenue' | 'discountCost' | 'profit',
    { baseline: ArmSummary; new: ArmSummary; effect: { diff: number; ci: [number, number] }; pValue: number }
  > | null;
  srm?: { pValue: number; mismatch: boolean } | null;
  verdict: ProfitVerdict | null;
  ips: { newProfit: Estimate; baselineProfit: Estimate } | null;
  message: string | null;
}

export function useRolloutMeasurement(id: string) {
  return useQuery({
    queryKey: queryKeys.policies.measurement(id),
    queryFn: () => apiFetch<RolloutMeasurementData>(`/api/v1/policies/versions/${encodeURIComponent(id)}/measurement`),
    refetchInterval: 10_000,
  });
}
