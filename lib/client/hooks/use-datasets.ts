'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CleaningStep } from '@/lib/data/cleaning';
import type { DatasetProfile } from '@/lib/datasets/profile';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';
import { type TablePage, type TableParams, tableSearch } from '../table-params';

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
  rowsDuplicate: number;
  rowsWarned: number;
  progress: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  cancelRequested: boolean;
}

export interface DatasetDetail extends DatasetRow {
  contentHash: string;
  /** how the file was read; `duplicates` says what made a row a duplicate (default: the whole line) */
  mapping: { duplicates?: 'line' | 'key' } | null;
  profile: DatasetProfile | null;
  cleaningSteps: CleaningStep[] | null;
  rejectionsByCode: { code: string; count: number }[];
  firstRejections: { line: number; column: string; code: string; message: string }[];
  /** every problem counted per severity, column and reason; the first `cap` of each stored in full */
  problemSummary: {
    cap: number;
    stored: Record<'error' | 'warning' | 'duplicate', number>;
    groups: {
      severity: 'error' | 'warning' | 'duplicate';
      column: string;
      code: string;
      count: number;
      example: string;
    }[];
  } | null;
}

const running = (s: DatasetStatus) => s === 'IMPORTING' || s === 'PENDING';

/** A page of datasets (all of them, up to 200, without params); polls while an import on the page runs. */
export function useDatasets(params: TableParams = {}) {
  return useQuery({
    queryKey: queryKeys.datasets.list(params),
    queryFn: () => apiFetch<TablePage<DatasetRow>>(`/api/v1/datasets${tableSearch(params)}`),
    placeholderData: keepPreviousData,
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

/** Deletes a dataset and the rows it brought; `confirm` repeats its name. */
export function useDeleteDataset() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, confirm }: { id: string; confirm: string }) =>
      apiFetch<{ id: string; removed: { events: number; exposures: number; customers: number } }>(
        `/api/v1/datasets/${encodeURIComponent(id)}`,
        { method: 'DELETE', json: { confirm } },
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.datasets.all() }),
  });
}
