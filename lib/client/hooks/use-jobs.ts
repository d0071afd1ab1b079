'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';
import { type TablePage, type TableParams, tableSearch } from '../table-params';

export type JobStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface JobRow {
  id: string;
  kind: 'TRAIN' | 'SEGMENT';
  status: JobStatus;
  params: { name?: string; algorithms?: { name: string }[]; folds?: number };
  progress: number;
  stage: string | null;
  error: string | null;
  attempts: number;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobDetail extends JobRow {
  logs: { t: string; msg: string; point?: Record<string, number> }[];
  models: { id: string; name: string; version: number; algorithm: string }[];
}

const live = (s: JobStatus) => s === 'QUEUED' || s === 'RUNNING';

/** A page of jobs; polls every second while a job on the page is queued or running. */
export function useJobs(params: TableParams = {}) {
  return useQuery({
    queryKey: queryKeys.jobs.list(params),
    queryFn: () => apiFetch<TablePage<JobRow>>(`/api/v1/jobs${tableSearch(params)}`),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((j) => live(j.status)) ? 1000 : false),
  });
}

export function useJob(id: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: queryKeys.jobs.detail(id),
    queryFn: async () => {
      const job = await apiFetch<JobDetail>(`/api/v1/jobs/${encodeURIComponent(id)}`);
      if (!live(job.status)) {
        void qc.invalidateQueries({ queryKey: queryKeys.models.all() });
        void qc.invalidateQueries({ queryKey: queryKeys.segments.all() });
      }
      return job;
    },
    refetchInterval: (q) => (q.state.data && live(q.state.data.status) ? 1000 : false),
  });
}

export interface TrainRequestBody {
  name: string;
  algorithms: { name: string; grid?: Record<string, unknown[]> }[];
  folds: number;
  holdoutFraction: number;
  seed: number;
  /** customer attributes used as features (default: all) */
  attributes?: string[];
  controlArm?: string;
}

export function useCreateJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TrainRequestBody) => apiFetch<JobRow>('/api/v1/jobs', { method: 'POST', json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.jobs.all() }),
  });
}

export function useJobAction(action: 'cancel' | 'retry') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<JobRow>(`/api/v1/jobs/${encodeURIComponent(id)}/${action}`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.jobs.all() }),
  });
}
