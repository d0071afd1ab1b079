'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeatureSchema } from '@/lib/features/feature-schema';
import type { ModelMonitoring } from '@/lib/models/model-monitoring';
import type { StoredMonitoring } from '@/lib/models/stored-monitoring';
import type { HoldoutMetrics } from '@/lib/training/train-and-evaluate';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';
import { type TablePage, type TableParams, tableSearch } from '../table-params';

export type { HoldoutMetrics };

export interface ModelMetrics {
  holdout: HoldoutMetrics;
  threshold: number;
  candidates: { params: Record<string, unknown>; meanAuc: number; stdAuc: number; foldAuc: number[] }[];
  curves: {
    roc: { fpr: number; tpr: number }[];
    calibration: { meanPredicted: number; fractionPositive: number; count: number }[];
    lift: { decile: number; rate: number; lift: number; cumulativeGain: number }[];
    learning?: { epoch: number; trainLoss: number; validationLoss: number | null }[];
  };
  trainSeconds: number;
  uplift?: {
    /** discount treatments: the level against 0 % */
    discountPct?: number;
    /** arm treatments: the arm against the control arm */
    arm?: string;
    control?: string;
    treatedRate?: number;
    controlRate?: number;
    randomAuuc?: number;
    rows: number;
    auuc: number;
    tLearnerAuuc?: number;
    upliftTop20: number;
    qini: { k: number; qini: number }[];
  }[];
  trainingData: { exposures: number; positives: number; cutoff: string };
}

export interface ModelRow {
  id: string;
  name: string;
  version: number;
  algorithm: string;
  params: Record<string, unknown>;
  metrics: ModelMetrics;
  isCandidate: boolean;
  isActive: boolean;
  trainingJobId: string | null;
  createdAt: string;
  onnxSha256: string | null;
}

export interface ModelDetail extends ModelRow {
  featureSchema: FeatureSchema;
  author: string | null;
  hasOnnx: boolean;
}

/** A page of model versions (the newest 200 without params: what the pickers list). */
export function useModels(params: TableParams = {}) {
  return useQuery({
    queryKey: queryKeys.models.list(params),
    queryFn: () => apiFetch<TablePage<ModelRow>>(`/api/v1/models${tableSearch(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useModel(id: string) {
  return useQuery({
    queryKey: queryKeys.models.detail(id),
    queryFn: () => apiFetch<ModelDetail>(`/api/v1/models/${encodeURIComponent(id)}`),
  });
}

export function useMarkCandidate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ id: string }>(`/api/v1/models/${encodeURIComponent(id)}/candidate`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all() }),
  });
}

export function useActivateModel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ id: string }>(`/api/v1/models/${encodeURIComponent(id)}/activate`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all() }),
  });
}

export interface GlobalExplanation {
  featureNames: string[];
  baselineAuc: number;
  sampleRows: number;
  permutation: { feature: string; mean: number; std: number }[];
  meanAbsContribution?: { feature: string; value: number }[];
  summary?: { feature: string; points: { value: number; contribution: number }[] }[];
  coefficients?: { input: string; coef: number; lo: number; hi: number }[];
}

export function useModelExplanation(id: string | null) {
  return useQuery({
    queryKey: queryKeys.models.explain(id ?? ''),
    queryFn: () => apiFetch<GlobalExplanation>(`/api/v1/models/${encodeURIComponent(id!)}/explain`),
    enabled: !!id,
    staleTime: Infinity,
  });
}

export function useDependence(id: string | null, feature: string) {
  return useQuery({
    queryKey: queryKeys.models.dependence(id ?? '', feature),
    queryFn: () =>
      apiFetch<{
        grid: number[];
        pdp: number[];
        ice: number[][];
        dependence: { value: number; contribution: number }[] | null;
      }>(`/api/v1/models/${encodeURIComponent(id!)}/explain/dependence?feature=${encodeURIComponent(feature)}`),
    enabled: !!id && !!feature,
    staleTime: Infinity,
  });
}

export interface CustomerExplanation {
  customerId: string;
  discountPct: number;
  probability: number;
  features: { name: string; value: number; contribution: number | null }[];
  explanation: { method: string; outputSpace: string; expectedValue: number; output: number } | null;
}

export function useCustomerExplanation(id: string | null, customerId: string, discountPct: number) {
  return useQuery({
    queryKey: queryKeys.models.customer(id ?? '', customerId, discountPct),
    queryFn: () =>
      apiFetch<CustomerExplanation>(
        `/api/v1/models/${encodeURIComponent(id!)}/explain/customer?customerId=${encodeURIComponent(customerId)}&discountPct=${discountPct}`,
      ),
    enabled: !!id && !!customerId,
  });
}

/** Re-scores raw feature values through the same served ONNX model (the what-if panel). */
export function useWhatIf() {
  return useMutation({
    mutationFn: ({ modelVersionId, features }: { modelVersionId: string; features: number[] }) =>
      apiFetch<{ scores: { probability: number }[] }>('/api/v1/score', {
        method: 'POST',
        json: { modelVersionId, rows: [{ features }] },
      }),
  });
}

export type { ModelMonitoring };

/**
 * Predicted vs realised over the last 30 days of logged decisions, and feature drift (PSI) against training: a
 * stored result (`stored`: when it was computed, whether a newer one is on its way).
 */
export function useModelMonitoring(id: string) {
  return useQuery({
    queryKey: queryKeys.models.monitoring(id),
    queryFn: () => apiFetch<StoredMonitoring>(`/api/v1/models/${encodeURIComponent(id)}/monitoring`),
    // while the worker computes a newer result, look again every 3 s
    refetchInterval: (q) =>
      q.state.data && (q.state.data.stored.status === 'STALE' || q.state.data.stored.status === 'COMPUTING')
        ? 3000
        : false,
  });
}

export function useRecomputeModelMonitoring(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(`/api/v1/models/${encodeURIComponent(id)}/monitoring`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.monitoring(id) }),
  });
}
