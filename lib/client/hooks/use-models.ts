'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';

export interface HoldoutMetrics {
  auc: number; logLoss: number; brier: number; accuracy: number; precision: number; recall: number; f1: number;
  baseRate: number; nTrain: number; nHoldout: number;
}

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
  featureSchema: { cutoff: string; features: { name: string; type: string }[]; countries: string[]; fillValues: number[] };
  author: string | null;
  hasOnnx: boolean;
}

export function useModels() {
  return useQuery({ queryKey: queryKeys.models.list(), queryFn: () => apiFetch<{ items: ModelRow[] }>('/api/v1/models') });
}

export function useModel(id: string) {
  return useQuery({ queryKey: queryKeys.models.detail(id), queryFn: () => apiFetch<ModelDetail>(`/api/v1/models/${encodeURIComponent(id)}`) });
}

export function useMarkCandidate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ id: string }>(`/api/v1/models/${encodeURIComponent(id)}/candidate`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.models.all() }),
  });
}
