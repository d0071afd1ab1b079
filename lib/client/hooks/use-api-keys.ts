'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: 'ADMIN' | 'MANAGER' | 'ANALYST';
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  expiresAt: string | null;
  /** TEST: a sandbox key (real answers, no live data changed) */
  mode: 'LIVE' | 'TEST';
}

export function useApiKeys() {
  return useQuery({
    queryKey: queryKeys.apiKeys.all(),
    queryFn: () => apiFetch<{ items: ApiKeyRow[] }>('/api/v1/api-keys'),
  });
}

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      name: string;
      role: ApiKeyRow['role'];
      rateLimitPerSecond?: number;
      rateLimitBurst?: number;
      expiresInDays?: number | null;
      mode?: ApiKeyRow['mode'];
    }) => apiFetch<ApiKeyRow & { key: string }>('/api/v1/api-keys', { method: 'POST', json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.apiKeys.all() }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ id: string }>(`/api/v1/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.apiKeys.all() }),
  });
}
