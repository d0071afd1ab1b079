'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';
import type { JobRow } from './use-jobs';

export interface SegmentProfile {
  share: number;
  features: { feature: string; segmentMean: number; overallMean: number; ratio: number | null }[];
  response: { discountPct: number; exposures: number; conversions: number; rate: number; ci: [number, number] }[];
}
export interface SegmentRow {
  id: string;
  name: string;
  clusterIndex: number;
  size: number;
  profile: SegmentProfile;
  algorithm: string;
}
export interface SegmentRun {
  id: string;
  finishedAt: string;
  params: { algorithm: string; features: string[] };
  metrics: {
    algorithm: string;
    customers: number;
    k?: number;
    eps?: number;
    epsSuggested?: number;
    noise?: number;
    elbow?: { k: number; inertia: number; silhouette: number }[];
    silhouetteSampled?: boolean;
    kDistance?: number[];
    silhouette?: { score: number; sampled: boolean; n: number };
    projection: { x: number; y: number; c: number }[];
    explainedVariance: number[];
    /** share of total variance of PC1 and PC2 (runs before this field show the eigenvalues instead) */
    explainedVarianceRatio?: number[];
  };
  segments: SegmentRow[];
}

export interface SegmentRunSummary {
  id: string;
  finishedAt: string;
  algorithm: string;
  segments: number;
}

/** A segmentation run with its segments: the latest, or `runId`; plus the list of runs to choose from. */
export function useSegments(runId?: string) {
  return useQuery({
    queryKey: runId ? queryKeys.segments.run(runId) : queryKeys.segments.all(),
    queryFn: () =>
      apiFetch<{ run: SegmentRun | null; runs: SegmentRunSummary[]; segments: { id: string; name: string }[] }>(
        `/api/v1/segments${runId ? `?runId=${encodeURIComponent(runId)}` : ''}`,
      ),
  });
}

export function useRunSegmentation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch<JobRow>('/api/v1/segments/jobs', { method: 'POST', json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.jobs.all() }),
  });
}

export function useRenameSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      apiFetch<{ id: string }>(`/api/v1/segments/${encodeURIComponent(id)}`, { method: 'PATCH', json: { name } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.segments.all() }),
  });
}
