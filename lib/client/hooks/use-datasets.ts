'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DatasetProfile } from '@/lib/datasets/profile';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';

export type DatasetStatus = 'PENDING' | 'IMPORTING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export interface DatasetRow {
  id: string;
  name: string;
  kind: 'CUSTOMERS' | 'EVENTS' | 'EXPOSURES';
  status: DatasetStatus;
  fileName: string;
  bytes: number;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  progress: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  cancelRequested: boolean;
}

export interface CleaningStepRow {
  step: string;
  column: string | null;
  strategy: string;
  params: Record<string, unknown>;
  affectedRows: number;
}

export interface DatasetDetail extends DatasetRow {
  contentHash: string;
  profile: DatasetProfile | null;
  cleaningSteps: CleaningStepRow[] | null;
  rejectionsByCode: { code: string; count: number }[];
  firstRejections: { line: number; column: string; code: string; message: string }[];
}

const running = (s: DatasetStatus) => s === 'IMPORTING' || s === 'PENDING';

export function useDatasets() {
  return useQuery({
    queryKey: queryKeys.datasets.list(),
    queryFn: () => apiFetch<{ items: DatasetRow[] }>('/api/v1/datasets'),
    refetchInterval: (q) => (q.state.data?.items.some((d) => running(d.status)) ? 1000 : false),
  });
}

/** One dataset; polls every 500 ms while its import runs. */
export function useDataset(id: string | null) {
  return useQuery({
    queryKey: queryKeys.datasets.detail(id ?? ''),
    queryFn: () => apiFetch<DatasetDetail>(`/api/v1/datasets/${encodeURIComponent(id!)}`),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && running(q.state.data.status) ? 500 : false),
  });
}

export function useCancelDataset() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ id: string }>(`/api/v1/datasets/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.datasets.all() }),
  });
}
