'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api';
import { queryKeys } from '../query-keys';

export interface SandboxDecisionRow {
  decisionId: string;
  createdAt: string;
  customerId: string;
  discountPct: number;
  reason: string | null;
  policyVersionId: string | null;
  arm: string | null;
  apiKey: { name: string; prefix: string } | null;
}

/** The latest offers answered to test (sandbox) keys; refreshed every 10 s while shown. */
export function useSandboxLog() {
  return useQuery({
    queryKey: queryKeys.sandbox.decisions(),
    queryFn: () => apiFetch<{ total: number; items: SandboxDecisionRow[] }>('/api/v1/sandbox/decisions?limit=20'),
    refetchInterval: 10_000,
  });
}
